import Foundation
import IntakeTestSupport
import Testing

/// `systemd/intake.service` passes `systemd-analyze verify` and rates 2.0 or lower in
/// `systemd-analyze security` (systemd is not PID 1 here, so both run offline on the file).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
struct SystemdUnitTests {
    static let dropIn = Fixtures.packageRoot + "/systemd/intake.service.d/network.conf"

    /// The unit with ExecStart pointing at the built binary (verify checks that it exists),
    /// and with the network drop-in appended when asked (systemd reads a repeated section as
    /// a drop-in would add to it).
    func unitCopy(withNetwork: Bool = false) throws -> (folder: TemporaryFolder, path: String) {
        let folder = try TemporaryFolder()
        var unit = try String(contentsOfFile: Fixtures.packageRoot + "/systemd/intake.service", encoding: .utf8)
        if withNetwork { unit += "\n" + (try String(contentsOfFile: Self.dropIn, encoding: .utf8)) }
        let path = folder.path("intake.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/intake", with: CommandLineTests.binary)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    func analyze(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(arguments: [false, true]) func verifyPasses(withNetwork: Bool) throws {
        let (folder, path) = try unitCopy(withNetwork: withNetwork)
        let result = try analyze(["verify", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
        _ = folder
    }

    /// 0.5 alone; with the network drop-in (IP for PostgreSQL and the HTTP listener) 1.2.
    @Test(arguments: [false, true]) func securityExposureIsAtMostTwo(withNetwork: Bool) throws {
        let (folder, path) = try unitCopy(withNetwork: withNetwork)
        let result = try analyze(["security", "--offline=yes", path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let figure = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(figure <= (withNetwork ? 1.2 : 0.5), "\(line)")
        // The drop-in opens only Internet sockets, and IP only to loopback.
        #expect(!withNetwork || result.output.contains("Service may allocate Internet sockets"))
        #expect(!result.output.contains("Service may allocate packet sockets"))
        _ = folder
    }

    @Test func unitDeclaresTheNotifyProtocolAndHardening() throws {
        let unit = try String(contentsOfFile: Fixtures.packageRoot + "/systemd/intake.service", encoding: .utf8)
        for directive in [
            "Type=notify", "WatchdogSec=", "Restart=on-failure", "Environment=OMP_THREAD_LIMIT=1", "StateDirectory=",
            "DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "PrivateDevices=yes", "RestrictAddressFamilies=AF_UNIX", "SystemCallFilter=@system-service",
            "ReadWritePaths=",
        ] {
            #expect(unit.contains(directive), "\(directive)")
        }
    }
}
