import CKBSecp256k1
import CSecp256k1

/// secp256k1 operations, each against libsecp256k1 on the same key, digest and signature.
func benchSecp256k1(filters: [String], json: Bool) -> Int {
    let secret: [UInt8] = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    let digest: [UInt8] = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 3) }
    let key = try! Secp256k1.PrivateKey(rawRepresentation: secret)
    let publicKey = key.publicKey
    let recoverable = try! key.recoverableSignature(for: digest)
    let signature = recoverable.signature

    let context = secp256k1_context_create(UInt32((1 << 0) | (1 << 9) | (1 << 8)))!
    defer { secp256k1_context_destroy(context) }
    var cPublicKey = secp256k1_pubkey()
    _ = secp256k1_ec_pubkey_create(context, &cPublicKey, secret)
    var cSignature = secp256k1_ecdsa_signature()
    _ = secp256k1_ecdsa_signature_parse_compact(context, &cSignature, signature.compactRepresentation)
    var cRecoverable = secp256k1_ecdsa_recoverable_signature()
    _ = secp256k1_ecdsa_recoverable_signature_parse_compact(
        context, &cRecoverable, signature.compactRepresentation, Int32(recoverable.recoveryID))

    let operations: [(name: String, swift: () -> Void, reference: () -> Void)] = [
        ("secp256k1/verify", { blackHole(publicKey.isValidSignature(signature, for: digest)) },
         { blackHole(secp256k1_ecdsa_verify(context, &cSignature, digest, &cPublicKey)) }),
        ("secp256k1/recover", { blackHole(try? recoverable.recoverPublicKey(for: digest)) },
         {
             var out = secp256k1_pubkey()
             blackHole(secp256k1_ecdsa_recover(context, &out, &cRecoverable, digest))
         }),
        ("secp256k1/sign", { blackHole(try? key.recoverableSignature(for: digest)) },
         {
             var out = secp256k1_ecdsa_recoverable_signature()
             blackHole(secp256k1_ecdsa_sign_recoverable(context, &out, digest, secret, nil, nil))
         }),
        ("secp256k1/pubkey", { blackHole(key.publicKey) },
         {
             var out = secp256k1_pubkey()
             blackHole(secp256k1_ec_pubkey_create(context, &out, secret))
         }),
    ]
    var ran = 0
    for operation in operations where filters.isEmpty || filters.contains(where: { operation.name.contains($0) }) {
        let (ns, referenceNs) = measure(operation.swift, operation.reference)
        report(name: operation.name, ns: ns, referenceName: "libsecp256k1", referenceNs: referenceNs, bytes: 0, json: json)
        ran += 1
    }
    return ran
}
