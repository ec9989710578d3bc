import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus

/// `ADDRESS:PORT` for the HTTP listener: `127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`.
struct HTTPAddress: Sendable, Hashable {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}

/// What /readyz reports: set by the daemon, read by the listener's thread.
public final class Health: Sendable {
    struct State: Sendable {
        /// Recovery after start is done (torn lines cut, `writing` entries settled, processing/ queued).
        var recovered = false
        /// The last ledger statement succeeded.
        var ledgerReachable = true
        /// The last output write succeeded (no record is held).
        var outputWritable = true
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    func update(_ body: (inout State) -> Void) {
        state.withLockedValue(body)
    }

    /// Ready, or the reasons it is not.
    var readiness: (ready: Bool, reasons: [String]) {
        let state = state.withLockedValue { $0 }
        var reasons: [String] = []
        if !state.recovered { reasons.append("recovery not done") }
        if !state.ledgerReachable { reasons.append("ledger unreachable") }
        if !state.outputWritable { reasons.append("output not writable") }
        return (reasons.isEmpty, reasons)
    }
}

/// The daemon's HTTP listener: `GET /metrics` (Prometheus text format, from swift-prometheus's
/// registry), `/healthz` (the process answers) and `/readyz` (200 when recovered, the ledger
/// reachable and the output writable; 503 with the reasons otherwise). NIOHTTP1 on one event
/// loop thread, apart from the daemon's own queue, so a busy or blocked daemon still answers.
public final class HTTPEndpoint: Sendable {
    private let channel: any Channel

    /// Binds `listen` (`ADDRESS:PORT`) and starts serving.
    public convenience init(listen: String, health: Health, registry: PrometheusCollectorRegistry) throws {
        guard let address = HTTPAddress(listen) else { throw ConfigurationError("http.listen: '\(listen)'") }
        try self.init(address: address, health: health, registry: registry)
    }

    /// Binds and starts serving.
    init(address: HTTPAddress, health: Health, registry: PrometheusCollectorRegistry) throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPEndpointHandler(health: health, registry: registry)
                    )
                }
            }
        channel = try bootstrap.bind(host: address.host, port: address.port).wait()
    }

    /// The bound port (useful when 0 was asked for).
    var port: Int? { channel.localAddress?.port }

    public func stop() {
        try? channel.close().wait()
    }
}

private final class HTTPEndpointHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let health: Health
    let registry: PrometheusCollectorRegistry
    private var request: HTTPRequestHead?

    init(health: Health, registry: PrometheusCollectorRegistry) {
        self.health = health
        self.registry = registry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            let (status, type, body) = respond(head)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: type)
            headers.add(name: "Content-Length", value: "\(body.count)")
            if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                promise: nil
            )
            if head.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            }
            let keepAlive = head.isKeepAlive
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { bound.value.close(promise: nil) }
            }
        }
    }

    private func respond(_ head: HTTPRequestHead) -> (HTTPResponseStatus, String, [UInt8]) {
        guard head.method == .GET || head.method == .HEAD else {
            return (.methodNotAllowed, "text/plain", Array("GET only\n".utf8))
        }
        switch head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "" {
        case "/metrics":
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", buffer)
        case "/healthz":
            return (.ok, "text/plain", Array("ok\n".utf8))
        case "/readyz":
            let (ready, reasons) = health.readiness
            return ready
                ? (.ok, "text/plain", Array("ready\n".utf8))
                : (
                    .serviceUnavailable, "text/plain",
                    Array(("not ready: " + reasons.joined(separator: ", ") + "\n").utf8)
                )
        default:
            return (.notFound, "text/plain", Array("not found (try /metrics, /healthz, /readyz)\n".utf8))
        }
    }
}
