import ArgumentParser
import CKBBytes
import CKBEd25519
import Foundation

/// `ckbcrypto ed25519`: Ed25519 signature verification.
struct Ed25519Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ed25519", abstract: "Ed25519 signature verification (RFC 8032).", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an Ed25519 signature of a file (or standard input).",
            discussion: """
                KEY is a file or hex: a raw 32-byte public key, or a SubjectPublicKeyInfo (PEM
                PUBLIC KEY or DER). SIG is a file holding the 64-byte signature, or hex. The message
                is FILE, or standard input when FILE is - or absent. Verification follows RFC 8032
                with the choices in Docs/Primitives/Ed25519.md. Prints `valid` (exit 0) or
                `invalid` (exit 1); bad input exits 2.
                """)

        @Option(help: "The public key: a file (raw 32 bytes, PEM or DER SubjectPublicKeyInfo) or hex.")
        var key: String

        @Option(help: "The signature: a file, or hex.")
        var signature: String

        @Argument(help: "The signed message; - or none for standard input.")
        var file: String?

        static func bytes(_ argument: String, _ what: String) throws -> [UInt8] {
            if FileManager.default.fileExists(atPath: argument) { return try X509Command.read(argument) }
            if let decoded = try? Hex.decode(argument.trimmingCharacters(in: .whitespacesAndNewlines), allowPrefix: true) { return decoded }
            throw InputError("\(what) '\(argument)' is neither a file nor hex")
        }

        func run() throws {
            let keyBytes = try Self.bytes(key, "--key")
            let publicKey: Ed25519.PublicKey
            do {
                if keyBytes.count == 32 {
                    publicKey = try Ed25519.PublicKey(rawRepresentation: keyBytes)
                } else if let text = String(bytes: keyBytes, encoding: .utf8), text.contains("-----BEGIN") {
                    publicKey = try Ed25519.PublicKey(pemRepresentation: text)
                } else {
                    publicKey = try Ed25519.PublicKey(derRepresentation: keyBytes)
                }
            } catch {
                throw InputError("--key: \(error)")
            }
            let signatureBytes = try Self.bytes(signature, "--signature")
            let message = try (file == nil || file == "-") ? Array(FileHandle.standardInput.readDataToEndOfFile()) : X509Command.read(file!)
            let valid = publicKey.isValidSignatureVariableTime(signatureBytes, for: message)
            print(valid ? "valid" : "invalid")
            if !valid { throw ExitCode(1) }
        }
    }
}
