-- The test application's own Flyway migration (BookApplication): Boot's Flyway must find this one only.
CREATE TABLE app_books (isbn text PRIMARY KEY, title text NOT NULL);
INSERT INTO app_books VALUES ('0441013597', 'Dune'), ('0141439580', 'Emma');
