import ArgumentParser
import CKBBytes
import CKBChain
import CKBHash
import CKBJSON
import CKBScripts
import CKBSecp256k1
import CKBVectors
import Foundation

/// Reads a private key file: 32 raw bytes, or 64 hex digits (optionally 0x-prefixed) on the first
/// line, as ckb-cli's `--privkey-path` files hold.
func readPrivateKey(_ path: String) throws -> Secp256k1.PrivateKey {
    var bytes: [UInt8]
    do {
        bytes = try FileSystem.readAll(path, limit: 4096)
    } catch {
        throw InputError(error.description)
    }
    defer { for i in bytes.indices { bytes[i] = 0 } }
    var raw: [UInt8]
    if bytes.count == 32 {
        raw = bytes
    } else {
        let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard let decoded = try? Hex.decode(line.trimmingCharacters(in: .whitespaces), allowPrefix: true) else {
            throw InputError("'\(path)': the first line is not a hex private key")
        }
        raw = decoded
    }
    defer { for i in raw.indices { raw[i] = 0 } }
    do {
        return try Secp256k1.PrivateKey(rawRepresentation: raw)
    } catch {
        throw InputError("'\(path)': \(error.description)")
    }
}

func decodeHex(_ text: String, _ what: String, count: Int? = nil) throws -> [UInt8] {
    guard let bytes = try? Hex.decode(text, allowPrefix: true) else { throw InputError("\(what) is not hex: \(text)") }
    if let count, bytes.count != count { throw InputError("\(what) is \(bytes.count) bytes, expected \(count)") }
    return bytes
}

/// `ckbcrypto secp256k1`: keys and ECDSA signatures as CKB uses them.
struct Secp256k1Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secp256k1",
        abstract: "secp256k1 keys and ECDSA signatures (hex in, hex out).",
        discussion: """
            Digests are 32 bytes the caller has hashed (CKB signs its sighash_all message).
            Private keys are read from files (64 hex digits, or 32 raw bytes), never from the
            command line. Signatures are 65-byte recoverable (r || s || recovery id, the CKB
            witness form), 64-byte compact (r || s) or DER.
            """,
        subcommands: [Keygen.self, Pubkey.self, Sign.self, Verify.self, Recover.self])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case recoverable, compact, der
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a private key into a new file; print its public key and lock args.",
            discussion: "The file is created with mode 0600 and never overwritten.")

        @Option(name: [.short, .long], help: "The key file to create.")
        var output: String

        func run() throws {
            let key = Secp256k1.PrivateKey()
            var text = Array((Hex.encode(key.rawRepresentation) + "\n").utf8)
            defer { for i in text.indices { text[i] = 0 } }
            let fd = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw InputError("'\(output)': \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == text.count else { throw InputError("'\(output)': \(String(cString: strerror(errno)))") }
            print("public key \(Hex.encode(key.publicKey.compressedRepresentation))")
            print("lock args  \(Hex.encode(Secp256k1SighashAll.args(for: key.publicKey)))")
        }
    }

    struct Pubkey: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key of a private key file.")

        @Option(name: [.short, .long], help: "The private key file.")
        var key: String

        @Flag(help: "Print the 65-byte uncompressed form instead of the 33-byte compressed one.")
        var uncompressed = false

        @Flag(name: .customLong("lock-args"), help: "Print the default lock's args (blake160 of the compressed key) instead.")
        var lockArgs = false

        func run() throws {
            let publicKey = try readPrivateKey(key).publicKey
            if lockArgs {
                print(Hex.encode(Secp256k1SighashAll.args(for: publicKey)))
            } else {
                print(Hex.encode(uncompressed ? publicKey.uncompressedRepresentation : publicKey.compressedRepresentation))
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a 32-byte digest (RFC 6979 nonce, low S).")

        @Option(name: [.short, .long], help: "The private key file.")
        var key: String

        @Option(help: "Signature form: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Format = .recoverable

        @Argument(help: "The digest, 64 hex digits.")
        var digest: String

        func run() throws {
            let digestBytes = try decodeHex(digest, "digest", count: 32)
            let signature = try readPrivateKey(key).recoverableSignature(for: digestBytes)
            switch format {
            case .recoverable: print(Hex.encode(signature.rawRepresentation))
            case .compact: print(Hex.encode(signature.signature.compactRepresentation))
            case .der: print(Hex.encode(signature.signature.derRepresentation))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a signature of a 32-byte digest under a public key.",
            discussion: """
                The signature's form follows from its length: 65 bytes recoverable, 64 compact,
                anything else DER. High S is refused unless --allow-high-s. Prints `valid` (exit 0)
                or `invalid` (exit 1).
                """)

        @Flag(name: .customLong("allow-high-s"), help: "Accept (r, n - s) as well (textbook ECDSA; CKB and libsecp256k1 refuse it).")
        var allowHighS = false

        @Argument(help: "The public key (33 or 65 bytes, hex).")
        var publicKey: String

        @Argument(help: "The digest, 64 hex digits.")
        var digest: String

        @Argument(help: "The signature (hex).")
        var signature: String

        static func parse(_ bytes: [UInt8]) -> Result<Secp256k1.ECDSASignature, Secp256k1Error> {
            Result { () throws(Secp256k1Error) -> Secp256k1.ECDSASignature in
                switch bytes.count {
                case 65: return try Secp256k1.RecoverableSignature(rawRepresentation: bytes).signature
                case 64: return try Secp256k1.ECDSASignature(compactRepresentation: bytes)
                default: return try Secp256k1.ECDSASignature(derRepresentation: bytes)
                }
            }
        }

        func run() throws {
            let keyBytes = try decodeHex(publicKey, "public key")
            guard case .success(let key) = Result(catching: { () throws(Secp256k1Error) in try Secp256k1.PublicKey(serialized: keyBytes) }) else {
                throw InputError("public key \(publicKey) is not a valid secp256k1 point encoding")
            }
            let digestBytes = try decodeHex(digest, "digest", count: 32)
            let parsed: Secp256k1.ECDSASignature
            switch Self.parse(try decodeHex(signature, "signature")) {
            case .success(let value): parsed = value
            case .failure(let error):
                print("invalid")
                Standard.error("ckbcrypto: \(error.description)")
                throw ExitCode(1)
            }
            let valid = key.isValidSignature(parsed, for: digestBytes, allowingHighS: allowHighS)
            print(valid ? "valid" : "invalid")
            if !valid {
                if !parsed.isLowS && !allowHighS { Standard.error("ckbcrypto: the signature has a high S (see --allow-high-s)") }
                throw ExitCode(1)
            }
        }
    }

    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recover the public key from a 65-byte recoverable signature of a digest.",
            discussion: "Prints the compressed public key (exit 0), or says why none recovers (exit 1).")

        @Flag(name: .customLong("lock-args"), help: "Print the default lock's args (blake160) instead.")
        var lockArgs = false

        @Argument(help: "The digest, 64 hex digits.")
        var digest: String

        @Argument(help: "The signature, r || s || recovery id (65 bytes, hex).")
        var signature: String

        func run() throws {
            let digestBytes = try decodeHex(digest, "digest", count: 32)
            let signatureBytes = try decodeHex(signature, "signature")
            let recovered = Result { () throws(Secp256k1Error) -> Secp256k1.PublicKey in
                try Secp256k1.RecoverableSignature(rawRepresentation: signatureBytes).recoverPublicKey(for: digestBytes)
            }
            switch recovered {
            case .success(let key):
                print(Hex.encode(lockArgs ? Secp256k1SighashAll.args(for: key) : key.compressedRepresentation))
            case .failure(let error) where error.kind == .recoveryFailed:
                Standard.error("ckbcrypto: \(error.description)")
                throw ExitCode(1)
            case .failure(let error):
                throw InputError(error.description)
            }
        }
    }
}

/// `ckbcrypto tx sign`: signs the default-lock groups of a mock transaction.
struct TxSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign every script group locked by the default lock (or its twin) with a key.",
        discussion: """
            Finds the lock groups whose script is CKB's genesis default lock (by type hash or
            data hash) or this project's secp256k1_sighash_all, and whose args are the key's
            blake160; fills each group's first witness (a WitnessArgs lock of 65 bytes) with the
            signature of its sighash_all message; writes the mock transaction back (to FILE, or
            to --output). `ckbcrypto tx verify` then accepts those groups.

            Exit status: 0 when at least one group was signed, 1 when none matches the key, 2 for
            bad input.
            """)

    @Option(name: [.short, .long], help: "The private key file.")
    var key: String

    @Option(name: [.short, .long], help: "Where to write the signed mock transaction (default: FILE itself).")
    var output: String?

    @Argument(help: "The mock-transaction JSON file.")
    var file: String

    func run() throws {
        let privateKey = try readPrivateKey(key)
        let args = Secp256k1SighashAll.args(for: privateKey.publicKey)
        let document = try readJSON(file)
        let resolved: ResolvedTransaction
        do {
            resolved = try MockTransaction.resolve(document)
        } catch {
            throw InputError("'\(file)': \(error)")
        }
        let twin = try? Secp256k1SighashAll.contract.dataHash
        var tx = resolved.transaction
        var signed = 0
        for group in TransactionVerifier().groups(resolved) where group.kind == .lock {
            guard Secp256k1SighashAll.isDefaultLock(group.script, twinDataHash: twin), group.script.args == args else { continue }
            do {
                let message = try Secp256k1SighashAll.sign(&tx, inputIndices: group.inputIndices, key: privateKey)
                Standard.error("signed lock group \(hex(group.hash)) (inputs \(group.inputIndices.map(String.init).joined(separator: ", "))), message \(hex(message))")
                signed += 1
            } catch {
                throw InputError("'\(file)': lock group \(hex(group.hash)): \(error)")
            }
        }
        guard signed > 0 else {
            Standard.error("ckbcrypto: no default-lock group of '\(file)' has the args \(hex(args)) of this key")
            throw ExitCode(1)
        }
        let updated = replacingWitnesses(document, with: tx.witnesses)
        let text = updated.prettySerialized + "\n"
        let destination = output ?? file
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            throw InputError("'\(destination)': \(error.localizedDescription)")
        }
    }

    /// The document with `tx.witnesses` replaced, every other member kept as it was.
    func replacingWitnesses(_ document: JSON, with witnesses: [[UInt8]]) -> JSON {
        guard case .object(var members) = document, let t = members.firstIndex(where: { $0.key == "tx" }),
              case .object(var txMembers) = members[t].value else { return document }
        let value = JSON.array(witnesses.map { .string(hex($0)) })
        if let w = txMembers.firstIndex(where: { $0.key == "witnesses" }) {
            txMembers[w].value = value
        } else {
            txMembers.append((key: "witnesses", value: value))
        }
        members[t].value = .object(txMembers)
        return .object(members)
    }
}
