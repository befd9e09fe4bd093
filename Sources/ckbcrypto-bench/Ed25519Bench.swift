import CKBEd25519
import CSodium
import Foundation

/// Ed25519 verification of one signature over a 64-byte message, against libsodium's
/// `crypto_sign_verify_detached` on the same key, message and signature.
///
/// `ed25519/verify` uses a key decoded once (how the API is meant to be used);
/// `ed25519/verify+key-decode` decodes the 32-byte key on every call, as libsodium does inside
/// `crypto_sign_verify_detached`, so that line compares exactly the same work.
func benchEd25519(filters: [String], json: Bool) -> Int {
    let names = ["ed25519/verify", "ed25519/verify+key-decode"]
    let selected = names.filter { name in filters.isEmpty || filters.contains(where: { name.contains($0) }) }
    guard !selected.isEmpty else { return 0 }
    guard sodium_init() >= 0 else {
        FileHandle.standardError.write(Data("ckbcrypto-bench: sodium_init failed; skipping ed25519\n".utf8))
        return 0
    }
    let seed: [UInt8] = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 7) }
    let message: [UInt8] = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
    var publicKey = [UInt8](repeating: 0, count: 32)
    var secretKey = [UInt8](repeating: 0, count: 64)
    _ = crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
    var signature = [UInt8](repeating: 0, count: 64)
    _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
    let key = try! Ed25519.PublicKey(rawRepresentation: publicKey)
    precondition(key.isValidSignatureVariableTime(signature, for: message), "ed25519 bench signature does not verify")

    let reference = { blackHole(crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey)) }
    for name in selected {
        let swift: () -> Void
        if name == "ed25519/verify" {
            swift = { blackHole(key.isValidSignatureVariableTime(signature, for: message)) }
        } else {
            swift = {
                let decoded = try? Ed25519.PublicKey(rawRepresentation: publicKey)
                blackHole(decoded?.isValidSignatureVariableTime(signature, for: message) ?? false)
            }
        }
        let (ns, referenceNs) = measure(swift, reference)
        report(name: name, ns: ns, referenceName: "libsodium", referenceNs: referenceNs, bytes: 0, json: json)
    }
    return selected.count
}
