import ArgumentParser
import CKBBytes
import CKBHash
import CKBVectors

/// `ckbcrypto hash`: digests of files or standard input, printed like `sha256sum`.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the digest of each FILE (or standard input), like sha256sum.",
        discussion: """
            Prints "<lowercase hex>  <name>" per input; with no FILE, or when FILE is -, reads
            standard input. Algorithms: ckb (BLAKE2b-256 personalized with "ckb-default-hash",
            the default), blake2b (--length, --key, --personal), sha256, sha384, sha512,
            hmac-sha256 (--key), eaglesong (CKB proof of work).
            """
    )

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case ckb, blake2b, sha256, sha384, sha512, hmacSHA256 = "hmac-sha256", eaglesong
    }

    @Option(name: [.short, .long], help: "ckb, blake2b, sha256, sha384, sha512, hmac-sha256 or eaglesong.")
    var algorithm: Algorithm = .ckb

    @Option(name: [.short, .long], help: "BLAKE2b digest length in bytes, 1 to 64 (default 64).")
    var length: Int?

    @Option(name: [.short, .long], help: "Key as hex: BLAKE2b (0 to 64 bytes) or HMAC-SHA256.")
    var key: String?

    @Option(name: [.short, .long], help: "BLAKE2b personalization as text, up to 16 bytes.")
    var personal: String?

    @Argument(help: "Files to hash; - or none for standard input.")
    var files: [String] = []

    func validate() throws {
        if length != nil, algorithm != .blake2b {
            throw ValidationError("--length applies only to --algorithm blake2b")
        }
        if personal != nil, algorithm != .blake2b {
            throw ValidationError("--personal applies only to --algorithm blake2b")
        }
        if key != nil, algorithm != .blake2b, algorithm != .hmacSHA256 {
            throw ValidationError("--key applies only to --algorithm blake2b or hmac-sha256")
        }
        if algorithm == .hmacSHA256, key == nil {
            throw ValidationError("--algorithm hmac-sha256 needs --key")
        }
    }

    func makeAlgorithm() throws -> HashAlgorithm {
        var keyBytes: [UInt8] = []
        if let key {
            do {
                keyBytes = try Hex.decode(key, allowPrefix: true)
            } catch {
                throw InputError("--key: \(error)")
            }
        }
        switch algorithm {
        case .ckb: return .ckb
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        case .eaglesong: return .eaglesong
        case .hmacSHA256: return .hmacSHA256(key: keyBytes)
        case .blake2b:
            let personalBytes = Array((personal ?? "").utf8)
            let candidate = HashAlgorithm.blake2b(
                digestByteCount: length ?? 64, key: keyBytes, personalization: personalBytes)
            do {
                _ = try candidate.makeHasher()
            } catch {
                throw InputError(error.description)
            }
            return candidate
        }
    }

    func run() throws {
        let chosen = try makeAlgorithm()
        let inputs = files.isEmpty ? ["-"] : files
        var unreadable = 0
        for name in inputs {
            var hasher = try chosen.makeHasher()
            do {
                try FileSystem.stream(name) { hasher.update(bufferPointer: $0) }
            } catch {
                Standard.error("ckbcrypto: \(error)")
                unreadable += 1
                continue
            }
            print("\(hasher.finalize())  \(name)")
        }
        if unreadable > 0 { throw ExitCode(2) }
    }
}
