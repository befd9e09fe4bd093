// The constant-time check of secp256k1 signing, run by scripts/ct-check under valgrind's
// memcheck. The private keys are marked undefined ("secret"); memcheck then reports every
// conditional branch and every memory address that depends on them. Values the algorithm may
// branch on because they are public by then pass through ConstantTimeCheck.publish, which marks
// them defined. With --leaky the program also branches on a secret on purpose, to show that the
// check can fail.
import CKBSecp256k1
import CValgrind

ConstantTimeCheck.declassify = { pointer, count in ckb_ct_mark_public(pointer, UInt(count)) }
let leaky = CommandLine.arguments.contains("--leaky")
if ckb_ct_under_valgrind() == 0 {
    print("ckbcrypto-ctcheck: not running under valgrind; the secrets are not tracked (run scripts/ct-check)")
}

var printed = 0
for round in 0..<4 {
    let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ round &* 101 &+ 1) }
    secret.withUnsafeBytes { ckb_ct_mark_secret($0.baseAddress, UInt($0.count)) }
    let key = try! Secp256k1.PrivateKey(rawRepresentation: secret)
    let publicKey = key.publicKey.compressedRepresentation
    for message in 0..<3 {
        let digest = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ message &* 13 &+ round) }
        let signature = try! key.recoverableSignature(for: digest).rawRepresentation
        printed &+= Int(signature[0]) &+ Int(publicKey[1])
    }
    if leaky, key.rawRepresentation[31] & 1 == 1 {  // a branch on the secret: memcheck must object
        printed &+= 1
    }
}
print("ckbcrypto-ctcheck: signed 12 digests with 4 secret keys (checksum \(printed))")
