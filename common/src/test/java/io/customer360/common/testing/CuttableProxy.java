package io.customer360.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the machine's real Redis that a test can cut: {@link #refuse()} drops every connection and
 * closes new ones at once (Redis restarting), {@link #blackhole()} keeps connections open but forwards nothing either
 * way (a node gone silent: only timeouts notice), {@link #restore()} forwards again. Plain sockets, one thread per
 * direction of each connection; enough for a test's handful of pooled connections.
 */
public final class CuttableProxy implements AutoCloseable {

    private enum Mode {
        OPEN,
        REFUSE,
        BLACKHOLE
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.OPEN;

    public CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redis-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Redis is gone: open connections are closed, new ones closed as soon as accepted. */
    public void refuse() {
        mode = Mode.REFUSE;
        closeAll();
    }

    /** Redis is silent: connections stay open (new ones too) but nothing is forwarded in either direction. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Redis is back: connections from the outage are closed (their replies were lost) and new ones forward. */
    public void restore() {
        mode = Mode.OPEN;
        closeAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.REFUSE) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                if (mode == Mode.BLACKHOLE) {
                    pump(client, null);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // the server socket closed, or one connection failed: the client sees a closed connection
            }
        }
    }

    /** Copies from one socket to the other while open; in blackhole mode reads and drops. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to == null ? null : to.getOutputStream();
                        int read;
                        while ((read = in.read(buffer)) != -1) {
                            if (mode == Mode.OPEN && out != null) {
                                out.write(buffer, 0, read);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // closed by a cut or by the other side
                    } finally {
                        close(from);
                        if (to != null) {
                            close(to);
                        }
                    }
                },
                "redis-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        sockets.forEach(this::close);
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll();
    }
}
