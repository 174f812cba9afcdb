package io.hstorekv.cache;

/**
 * Intrusive doubly-linked LRU list of nodes (head = least recently used). The links live in the
 * nodes themselves so that moving an entry on access is O(1) and allocation-free. Used only under
 * the eviction lock; each node is in at most one deque, named by {@link Node#queue}.
 */
final class AccessOrderDeque<K, V> {
    private final byte queue;
    private Node<K, V> head;
    private Node<K, V> tail;

    AccessOrderDeque(byte queue) {
        this.queue = queue;
    }

    boolean contains(Node<K, V> node) {
        return node.queue == queue;
    }

    Node<K, V> peekFirst() {
        return head;
    }


    void addLast(Node<K, V> node) {
        node.queue = queue;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    void addFirst(Node<K, V> node) {
        node.queue = queue;
        node.prev = null;
        node.next = head;
        if (head == null) {
            tail = node;
        } else {
            head.prev = node;
        }
        head = node;
    }

    void remove(Node<K, V> node) {
        Node<K, V> p = node.prev;
        Node<K, V> n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.queue = Node.NONE;
    }

    /** Marks the node as most recently used. */
    void moveToBack(Node<K, V> node) {
        if (node != tail) {
            remove(node);
            addLast(node);
        }
    }
}
