import Foundation
import IntakeTestSupport
import Testing

/// `systemd/intake.service` passes `systemd-analyze verify` and rates 2.0 or lower in
/// `systemd-analyze security` (systemd is not PID 1 here, so both run offline on the file).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
struct SystemdUnitTests {
    /// The unit with ExecStart pointing at the built binary (verify checks that it exists).
    func unitCopy() throws -> (folder: TemporaryFolder, path: String) {
        let folder = try TemporaryFolder()
        let unit = try String(contentsOfFile: Fixtures.packageRoot + "/systemd/intake.service", encoding: .utf8)
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

    @Test func verifyPasses() throws {
        let (folder, path) = try unitCopy()
        let result = try analyze(["verify", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
        _ = folder
    }

    @Test func securityExposureIsAtMostTwo() throws {
        let (folder, path) = try unitCopy()
        let result = try analyze(["security", "--offline=yes", path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let figure = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(figure <= 2.0, "\(line)")
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
