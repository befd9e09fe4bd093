import CKBChain
import CKBRSA
import CKBVectors

/// The off-chain half of `rsa_vector`, the vector script for RSA signatures (PKCS#1 v1.5 and
/// PSS over SHA-256, SHA-384 or SHA-512): one test case in the witness, exit 0 when it verifies.
public enum RSAVector {
    /// The bundled script.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "rsa_vector") } }

    /// The scripts' hash ids; nil for SHA-1, which the contracts never accept.
    static func id(_ hash: RSA.Hash) -> UInt8? {
        switch hash {
        case .sha256: return 0
        case .sha384: return 1
        case .sha512: return 2
        case .insecureSHA1: return nil
        }
    }

    static func u16(_ n: Int) -> [UInt8] { [UInt8(n & 0xFF), UInt8(n >> 8)] }

    /// The five bytes every RSA script reads first: padding (0 PKCS#1 v1.5, 1 PSS), hash, MGF1
    /// hash (0 for PKCS#1 v1.5), salt length u16 LE (0xFFFF: recovered; 0 for PKCS#1 v1.5). Nil
    /// for SHA-1, which no script accepts, and for a salt length the field cannot carry.
    static func paddingHead(_ padding: RSA.Padding) -> [UInt8]? {
        switch padding {
        case .pkcs1v15(let hash):
            guard let h = id(hash) else { return nil }
            return [0, h, 0, 0, 0]
        case .pss(let hash, let mgf, let salt):
            guard (salt ?? 0) < 0xFFFF, let h = id(hash), let g = id(mgf) else { return nil }
            return [1, h, g] + u16(salt ?? 0xFFFF)
        }
    }

    /// The witness: padding, hash, MGF1 hash, salt length (0xFFFF: recovered), the key as PKCS#1
    /// DER and the signature each after a u16 LE length, then the message. Nil when a length
    /// does not fit, or for SHA-1 (no script accepts it).
    public static func witness(key: RSA.PublicKey, signature: [UInt8], padding: RSA.Padding, message: [UInt8]) -> [UInt8]? {
        let der = key.pkcs1DERRepresentation
        guard der.count <= 0xFFFF, signature.count <= 0xFFFF else { return nil }
        guard var head = paddingHead(padding) else { return nil }
        head += u16(der.count) + der + u16(signature.count) + signature
        guard head.count + message.count <= 65_536 else { return nil }
        return head + message
    }
}
