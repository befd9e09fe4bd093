import Foundation
import Testing

/// Where the project's files and the shared third-party suites are, for tests.
public enum TestPaths {
    /// The package root (the folder holding Package.swift), found from this file's path.
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/vectors` beside the project, or `CKBCRYPTO_SHARED_VECTORS` when set;
    /// `nil` when absent, so tests that need it can skip with a message.
    public static let sharedVectors: URL? = {
        let env = ProcessInfo.processInfo.environment["CKBCRYPTO_SHARED_VECTORS"]
        let url = env.map { URL(fileURLWithPath: $0) }
            ?? projectRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return url
    }()

    /// Whether the shared suites are present (use with `.enabled(if:)`).
    public static var hasSharedVectors: Bool { sharedVectors != nil }

    /// Message for tests skipped because the shared suites are absent.
    public static let sharedVectorsMissing: Comment = "../shared/vectors is absent: skipping the third-party suites (set CKBCRYPTO_SHARED_VECTORS to point elsewhere)"

    /// The project's own `Vectors/` folder.
    public static let projectVectors: URL = projectRoot.appendingPathComponent("Vectors")

    /// Contents of a shared vector file.
    public static func shared(_ relative: String) throws -> Data {
        guard let base = sharedVectors else { throw CocoaError(.fileNoSuchFile) }
        return try Data(contentsOf: base.appendingPathComponent(relative))
    }
}
