import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `ckbcrypto`: one command-line tool for the whole package.
///
/// Exit status, for every subcommand: 0 success; 1 a check failed (a signature, a vector, a
/// script); 2 bad input (usage, unreadable or malformed files, bad hex). Errors go to standard
/// error as one line starting with `ckbcrypto:`.
struct CKBCrypto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ckbcrypto",
        abstract: "Verify cryptographic proofs exactly as Nervos CKB will, off-chain and on-chain.",
        version: "0.1.0",
        subcommands: [HashCommand.self, Secp256k1Command.self, RSACommand.self, X509Command.self, DKIMCommand.self, Ed25519Command.self, VectorsCommand.self, CrossCheckCommand.self, ContractsCommand.self, VMCommand.self, TxCommand.self, BlockCommand.self]
    )
}

/// Bad input found while running: reported as `ckbcrypto: <message>`, exit status 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@main
enum Main {
    static func main() {
        do {
            var command = try CKBCrypto.parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch let error as InputError {
            Standard.error("ckbcrypto: \(error.description)")
            exit(2)
        } catch {
            // Help and version requests end here as "clean exits"; usage errors exit 2.
            if CKBCrypto.exitCode(for: error) == .success {
                print(CKBCrypto.fullMessage(for: error))
                exit(0)
            }
            Standard.error(CKBCrypto.fullMessage(for: error))
            exit(2)
        }
    }
}

enum Standard {
    /// Writes one line to standard error.
    static func error(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Writes text to standard error as is (progress lines).
    static func errorRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(1) == 1 }
}
