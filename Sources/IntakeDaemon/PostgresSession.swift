import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostgresNIO

/// One PostgreSQL connection (postgres-nio), used synchronously from the daemon's own serial
/// queue, which is allowed to block (it is not a NIO event loop nor the cooperative pool).
///
/// Every query has a time limit; a query that fails because the connection did (the server
/// restarted, the network went) drops the connection, and the next query connects again, at
/// most once a second. The daemon treats ``LedgerError/unavailable(_:)`` as "retry later".
final class PostgresSession {
    struct Settings: Sendable, Hashable {
        var url: String
        var tls: String
        var caFile: String
        var timeoutSeconds: Double
    }

    private let configuration: PostgresConnection.Configuration
    private let timeout: Double
    private let logger: Logger
    private var connection: PostgresConnection?
    private var nextConnect = ContinuousClock.now
    private var connections = 0

    /// Parses the URL (`postgresql://user:password@host:port/database`, or
    /// `postgresql:///database?host=/run/postgresql` for a Unix socket); the password may also
    /// come from `$PGPASSWORD`.
    init(_ settings: Settings, logger: Logger) throws(ConfigurationError) {
        configuration = try Self.configuration(settings)
        timeout = settings.timeoutSeconds
        self.logger = logger
    }

    deinit {
        drop()
    }

    static func configuration(_ settings: Settings) throws(ConfigurationError) -> PostgresConnection.Configuration {
        guard let url = URLComponents(string: settings.url), ["postgresql", "postgres"].contains(url.scheme ?? "")
        else {
            throw ConfigurationError("ledger.url: '\(settings.url)' is not a postgresql:// URL")
        }
        let query = Dictionary(
            (url.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        let user = url.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "intake"
        let password = url.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var database = url.path
        if database.hasPrefix("/") { database.removeFirst() }
        let port = url.port ?? 5432
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            return PostgresConnection.Configuration(
                unixSocketPath: socketFolder + "/.s.PGSQL.\(port)",
                username: user,
                password: password,
                database: database.isEmpty ? user : database
            )
        }
        guard let host = url.host, !host.isEmpty else {
            throw ConfigurationError("ledger.url: '\(settings.url)' names no host (or ?host=/socket/folder)")
        }
        let tls: PostgresConnection.Configuration.TLS
        switch settings.tls {
        case "disable":
            tls = .disable
        case "prefer", "require":
            var client = TLSConfiguration.makeClientConfiguration()
            if !settings.caFile.isEmpty { client.trustRoots = .file(settings.caFile) }
            do {
                let context = try NIOSSLContext(configuration: client)
                tls = settings.tls == "require" ? .require(context) : .prefer(context)
            } catch {
                throw ConfigurationError("ledger.tls: cannot set up TLS: \(error)")
            }
        default:
            throw ConfigurationError("ledger.tls: '\(settings.tls)' is not one of disable, prefer, require")
        }
        return PostgresConnection.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database.isEmpty ? user : database,
            tls: tls
        )
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws(LedgerError) -> [PostgresRow] {
        let connection = try connected()
        do {
            return Array(try wait(connection.query(query, logger: logger)).rows)
        } catch let error as PSQLError where error.code == .server {
            // The statement failed; the connection is fine.
            let message = error.serverInfo?[.message] ?? "\(error)"
            throw .unavailable("PostgreSQL refused a statement: \(message)")
        } catch let error as LedgerError {
            drop()
            throw error
        } catch {
            drop()
            throw .unavailable("\(error)")
        }
    }

    /// Sends `query` without waiting: `completion` gets its rows, or the error, once, on the
    /// connection's event loop (or at once when there is no connection). Statements sent
    /// later on the same connection run after it. A failure here leaves the connection to the
    /// next ``query(_:)``, which drops it when it is broken.
    func send(_ query: PostgresQuery, completion: @escaping @Sendable (Result<[PostgresRow], LedgerError>) -> Void) {
        let connection: PostgresConnection
        do {
            connection = try connected()
        } catch {
            completion(.failure(error))
            return
        }
        let answered = NIOLockedValueBox(false)
        let answer: @Sendable (Result<[PostgresRow], LedgerError>) -> Void = { result in
            let first = answered.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { completion(result) }
        }
        let timeout = self.timeout
        let timer = connection.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            answer(.failure(.unavailable("PostgreSQL did not answer within \(timeout) s")))
        }
        connection.query(query, logger: logger).whenComplete { result in
            timer.cancel()
            switch result {
            case .success(let rows):
                answer(.success(Array(rows.rows)))
            case .failure(let error as PSQLError) where error.code == .server:
                answer(
                    .failure(
                        .unavailable("PostgreSQL refused a statement: \(error.serverInfo?[.message] ?? "\(error)")")
                    )
                )
            case .failure(let error):
                answer(.failure(.unavailable("\(error)")))
            }
        }
    }

    /// Whether a connection is open (it may still have gone away unnoticed).
    var isConnected: Bool { connection.map { !$0.isClosed } ?? false }

    /// How many times a connection was opened.
    var connectionCount: Int { connections }

    private func connected() throws(LedgerError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        guard ContinuousClock.now >= nextConnect else {
            throw .unavailable("not connected to PostgreSQL; retrying")
        }
        nextConnect = .now + .seconds(1)
        do {
            let opened = try wait(
                PostgresConnection.connect(
                    on: PostgresConnection.defaultEventLoopGroup.any(),
                    configuration: configuration,
                    id: connections + 1,
                    logger: logger
                )
            )
            connections += 1
            connection = opened
            return opened
        } catch let error as PSQLError {
            // The server's message, or what went wrong underneath (a refused connection, a TLS
            // handshake that failed on the certificate).
            let reason =
                error.serverInfo?[.message] ?? error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
            throw .unavailable("cannot connect to PostgreSQL: \(reason)")
        } catch {
            throw .unavailable("cannot connect to PostgreSQL: \(error)")
        }
    }

    /// Closes the connection; the close completes on its event loop, which keeps the
    /// connection until then (postgres-nio insists that a connection is closed before it goes).
    func drop() {
        guard let connection else { return }
        self.connection = nil
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Waits for `future` at most ``timeout`` seconds.
    private func wait<Value: Sendable>(_ future: EventLoopFuture<Value>) throws -> Value {
        let semaphore = DispatchSemaphore(value: 0)
        let result = NIOLockedValueBox<Result<Value, any Error>?>(nil)
        future.whenComplete { outcome in
            result.withLockedValue { $0 = outcome }
            semaphore.signal()
        }
        guard semaphore.wait(timeout: .now() + timeout) == .success else {
            throw LedgerError.unavailable("PostgreSQL did not answer within \(timeout) s")
        }
        return try result.withLockedValue { $0! }.get()
    }
}

@available(*, unavailable)
extension PostgresSession: Sendable {}
