import ArgumentParser
import CKBBytes
import CKBRSA
import CKBVectors
import Foundation

/// `ckbcrypto rsa`: RSA signature verification.
struct RSACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsa", abstract: "RSA signature verification (PKCS#1 v1.5 and PSS).", subcommands: [Verify.self])

    enum PaddingName: String, ExpressibleByArgument, CaseIterable { case pkcs1, pss }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an RSA signature of a file (or standard input).",
            discussion: """
                KEY is PEM (PUBLIC KEY or RSA PUBLIC KEY) or DER (SubjectPublicKeyInfo or PKCS#1
                RSAPublicKey). SIG is a file holding the raw signature, or hex. The message is
                FILE, or standard input when FILE is - or absent; it is hashed with --hash. PSS
                uses MGF1 with --mgf-hash (default: --hash) and --salt-length (default: recovered
                from the signature). An id-RSASSA-PSS key verifies PSS only, with its own hash,
                MGF1 hash and minimum salt length when it names them; those are then the
                defaults (RFC 4055). Keys must be 2048 to 4096 bits unless --min-key-bits lowers
                the floor (DKIM keys may be 1024). SHA-1 (--hash sha1, --mgf-hash sha1, or a PSS key
                whose parameters name it) is refused unless --allow-insecure-sha1 is given: its
                collisions are practical, so use it only to inspect old signatures. Prints `valid`
                (exit 0) or `invalid` (exit 1); bad input exits 2.
                """)

        @Option(help: "The public key file (PEM or DER).")
        var key: String

        @Option(help: "The signature: a file, or hex.")
        var signature: String

        @Option(help: "pkcs1 (RSASSA-PKCS1-v1_5) or pss (RSASSA-PSS); default pkcs1, or pss for an id-RSASSA-PSS key.")
        var padding: PaddingName?

        @Option(help: "sha256, sha384 or sha512 (sha1 only with --allow-insecure-sha1); default sha256, or the PSS key's.")
        var hash: RSA.Hash?

        @Option(name: .customLong("mgf-hash"), help: "PSS: the MGF1 hash (default: --hash).")
        var mgfHash: RSA.Hash?

        @Option(name: .customLong("salt-length"), help: "PSS: the salt length in bytes (default: recovered).")
        var saltLength: Int?

        @Option(name: .customLong("min-key-bits"), help: "The smallest modulus accepted (default 2048).")
        var minKeyBits: Int = 2048

        @Flag(name: .customLong("allow-insecure-sha1"), help: "Accept SHA-1, whose collisions are practical (old data only).")
        var allowInsecureSHA1 = false

        @Argument(help: "The signed message; - or none for standard input.")
        var file: String?

        func validate() throws {
            if let saltLength, saltLength < 0 { throw ValidationError("--salt-length must not be negative") }
            if minKeyBits < 512 { throw ValidationError("--min-key-bits below 512 is not supported") }
            if !allowInsecureSHA1, hash == .insecureSHA1 || mgfHash == .insecureSHA1 {
                throw ValidationError("SHA-1 is refused (its collisions are practical); --allow-insecure-sha1 accepts it for old data")
            }
        }

        func run() throws {
            let keyBytes = try read(key)
            let policy = RSA.Policy(minimumKeyBits: minKeyBits, maximumKeyBits: max(4096, minKeyBits),
                                    allowingInsecureSHA1: allowInsecureSHA1)
            let publicKey: RSA.PublicKey
            let text = String(decoding: keyBytes, as: UTF8.self)
            do {
                if text.contains("-----BEGIN") {
                    publicKey = try RSA.PublicKey(pemRepresentation: text, policy: policy)
                } else {
                    publicKey = try RSA.PublicKey(derRepresentation: keyBytes, policy: policy)
                }
            } catch {
                throw InputError("'\(key)': \(error)")
            }
            let signatureBytes: [UInt8]
            if FileManager.default.fileExists(atPath: signature) {
                signatureBytes = try read(signature)
            } else if let decoded = try? Hex.decode(signature.trimmingCharacters(in: .whitespacesAndNewlines), allowPrefix: true) {
                signatureBytes = decoded
            } else {
                throw InputError("--signature '\(signature)' is neither a file nor hex")
            }
            let message = try (file == nil || file == "-") ? Array(FileHandle.standardInput.readDataToEndOfFile()) : read(file!)
            // Defaults from an id-RSASSA-PSS key's parameters, then PKCS#1 v1.5 with SHA-256.
            var keyHash: RSA.Hash?, keyMGF: RSA.Hash?
            if case .pss(let h, let m, _)? = publicKey.pssParameters { (keyHash, keyMGF) = (h, m) }
            let chosen = padding ?? (publicKey.isRestrictedToPSS ? .pss : .pkcs1)
            let digestHash = hash ?? keyHash ?? .sha256
            // --mgf-hash defaults to --hash when that is given, else to the key's.
            let mgf = mgfHash ?? (hash == nil ? keyMGF ?? digestHash : digestHash)
            if chosen == .pkcs1, mgfHash != nil || saltLength != nil {
                throw InputError("--mgf-hash and --salt-length apply only to PSS (--padding pss, or an id-RSASSA-PSS key)")
            }
            let scheme: RSA.Padding = chosen == .pkcs1
                ? .pkcs1v15(digestHash)
                : .pss(digestHash, mgf1Hash: mgf, saltLength: saltLength)
            let valid = publicKey.isValidSignature(signatureBytes, message: message, padding: scheme)
            print(valid ? "valid" : "invalid")
            if !valid { throw ExitCode(1) }
        }

        func read(_ path: String) throws -> [UInt8] {
            do {
                return try FileSystem.readAll(path)
            } catch {
                throw InputError(error.description)
            }
        }
    }
}

extension RSA.Hash: ExpressibleByArgument {}
