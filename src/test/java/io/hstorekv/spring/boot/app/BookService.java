package io.hstorekv.spring.boot.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Books from the application's own table (made by its own Flyway migration), cached in hstore-kv. */
@Service
public class BookService {
    /** Loads of the slow backend, over every application context of the JVM (the tests run two). */
    public static final AtomicInteger LOADS = new AtomicInteger();
    /** While set, a load waits for it: lets a test hold one context's load while the other asks. */
    public static volatile CountDownLatch gate;
    public static volatile CountDownLatch loading;

    private final JdbcTemplate jdbc;

    public BookService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Cacheable("books")
    public Book find(String isbn) {
        LOADS.incrementAndGet();
        return jdbc.query("SELECT isbn, title FROM app_books WHERE isbn = ?",
                rs -> rs.next() ? new Book(rs.getString(1), rs.getString(2)) : null, isbn);
    }

    @Cacheable(cacheNames = "books", sync = true)
    public Book findOnce(String isbn) throws InterruptedException {
        LOADS.incrementAndGet();
        CountDownLatch started = loading;
        if (started != null) {
            started.countDown();
        }
        CountDownLatch wait = gate;
        if (wait != null) {
            wait.await();
        }
        return new Book(isbn, "loaded once");
    }

    @CachePut(cacheNames = "books", key = "#book.isbn")
    public Book rename(Book book) {
        jdbc.update("UPDATE app_books SET title = ? WHERE isbn = ?", book.title(), book.isbn());
        return book;
    }

    @CacheEvict("books")
    public void forget(String isbn) {}

    public record Book(String isbn, String title) {}
}
