package dev.konfig.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy a test puts between a service and a server (PostgreSQL) and then cuts
 * and restores, to play a server restart without touching the machine's real server: {@link #cut()}
 * closes every connection and refuses new ones, as a stopped server does; {@link #restore()}
 * listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	/** The port clients connect to. */
	public int port() {
		return this.port;
	}

	/** Closes every connection through the proxy and refuses new ones. */
	public synchronized void cut() {
		close(this.server);
		this.sockets.forEach(TcpProxy::close);
		this.sockets.clear();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() {
		if (!this.server.isClosed()) {
			return;
		}
		this.server = bind(this.port);
		accept(this.server);
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket bind(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket listening) {
		Thread acceptor = new Thread(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket(this.targetHost, this.targetPort);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// Closed by cut(), or the target refused: the client sees its connection end.
				}
			}
		}, "tcp-proxy-accept-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pipe(Socket from, Socket to) {
		Thread copier = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// One side closed: the other follows.
			}
			finally {
				close(from);
				close(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pipe");
		copier.setDaemon(true);
		copier.start();
	}

	private static void close(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
