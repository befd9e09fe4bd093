import CKBChain

/// The off-chain half of `ed25519_vector`, the vector script for Ed25519 (RFC 8032 with the rules
/// of CKBEd25519; `Contracts/lib/ed25519.c`): one test case in the witness, exit 0 when the
/// signature verifies.
public enum Ed25519Vector {
    /// The bundled script.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "ed25519_vector") } }

    /// The witness: the 32-byte public key, the 64-byte signature, then the message. Nil when
    /// the key or the signature has another length (no encoding of that length verifies).
    public static func witness(publicKey: [UInt8], signature: [UInt8], message: [UInt8]) -> [UInt8]? {
        guard publicKey.count == 32, signature.count == 64 else { return nil }
        return publicKey + signature + message
    }
}
