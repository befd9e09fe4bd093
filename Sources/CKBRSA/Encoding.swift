import CKBBigInt
import CKBBytes
import SwiftASN1

/// Public-key encodings (RFC 8017 appendix A.1.1, RFC 5280 section 4.1, RFC 4055 section 3.1).
package enum KeyEncoding {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let rsassaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 10]
    static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 8]
    static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let hashes: [(ASN1ObjectIdentifier, RSA.Hash)] = [
        ([2, 16, 840, 1, 101, 3, 4, 2, 1], .sha256),
        ([2, 16, 840, 1, 101, 3, 4, 2, 2], .sha384),
        ([2, 16, 840, 1, 101, 3, 4, 2, 3], .sha512),
    ]

    /// (n, e, whether the key is an `id-RSASSA-PSS` key, its RSASSA-PSS-params if present) from
    /// PKCS#1 RSAPublicKey or SubjectPublicKeyInfo DER.
    static func parse(_ der: [UInt8]) throws -> (BigUInt, BigUInt, Bool, RSA.Padding?) {
        let root = try DER.parse(der)
        guard case .constructed(let children) = root.content, root.identifier == .sequence else {
            throw RSAError(.encoding, "the key is not a DER SEQUENCE")
        }
        var iterator = children.makeIterator()
        guard let first = iterator.next() else { throw RSAError(.encoding, "the key SEQUENCE is empty") }
        if first.identifier == .integer {
            let (n, e) = try rsaPublicKey(root)
            return (n, e, false, nil)
        }
        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
        return try DER.sequence(root, identifier: .sequence) { nodes in
            let (oid, parameters) = try algorithmIdentifier(nodes.next())
            var pss: RSA.Padding?
            if oid == rsaEncryption {
                guard let parameters, (try? ASN1Null(derEncoded: parameters)) != nil else {
                    throw RSAError(.encoding, "rsaEncryption parameters must be NULL")
                }
            } else if oid == rsassaPSS {
                pss = try pssParameters(parameters)
            } else {
                throw RSAError(.unsupportedAlgorithm, "SubjectPublicKeyInfo algorithm \(oid) is not an RSA key")
            }
            guard let keyNode = nodes.next() else { throw RSAError(.encoding, "SubjectPublicKeyInfo has no subjectPublicKey") }
            let bits = try ASN1BitString(derEncoded: keyNode)
            guard bits.paddingBits == 0 else { throw RSAError(.encoding, "subjectPublicKey has \(bits.paddingBits) padding bits") }
            let (n, e) = try rsaPublicKey(try DER.parse(bits.bytes))
            return (n, e, oid == rsassaPSS, pss)
        }
    }

    /// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    static func rsaPublicKey(_ node: ASN1Node) throws -> (BigUInt, BigUInt) {
        try DER.sequence(node, identifier: .sequence) { nodes in
            guard let nNode = nodes.next(), let eNode = nodes.next() else {
                throw RSAError(.encoding, "RSAPublicKey needs a modulus and an exponent")
            }
            let n = try ArraySlice<UInt8>(derEncoded: nNode)
            let e = try ArraySlice<UInt8>(derEncoded: eNode)
            return (BigUInt(bigEndian: n), BigUInt(bigEndian: e))
        }
    }

    /// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
    static func algorithmIdentifier(_ node: ASN1Node?) throws -> (ASN1ObjectIdentifier, ASN1Node?) {
        guard let node else { throw RSAError(.encoding, "missing AlgorithmIdentifier") }
        return try DER.sequence(node, identifier: .sequence) { nodes in
            let oid = try ASN1ObjectIdentifier(derEncoded: nodes.next() ?? node)
            return (oid, nodes.next())
        }
    }

    package static func hash(_ node: ASN1Node?) throws -> RSA.Hash {
        let (oid, parameters) = try algorithmIdentifier(node)
        if let parameters, (try? ASN1Null(derEncoded: parameters)) == nil {
            throw RSAError(.encoding, "hash algorithm parameters must be NULL or absent")
        }
        if oid == sha1 { return .insecureSHA1 }  // the key's policy decides
        guard let hash = hashes.first(where: { $0.0 == oid })?.1 else {
            throw RSAError(.unsupportedAlgorithm, "hash algorithm \(oid) is not supported")
        }
        return hash
    }

    /// RSASSA-PSS-params (RFC 4055 section 3.1). Absent parameters leave the key unrestricted;
    /// absent fields take RFC 4055's defaults (SHA-1, MGF1 with SHA-1, salt 20), which the key's
    /// policy refuses unless it allows SHA-1.
    package static func pssParameters(_ node: ASN1Node?) throws -> RSA.Padding? {
        guard let node else { return nil }
        return try DER.sequence(node, identifier: .sequence) { nodes in
            var hash: RSA.Hash?
            var mgfHash: RSA.Hash?
            var salt = 20
            var trailer = 1
            var last = -1
            while let field = nodes.next() {
                guard field.identifier.tagClass == .contextSpecific, case .constructed(let inner) = field.content else {
                    throw RSAError(.encoding, "RSASSA-PSS-params holds an untagged field")
                }
                let tag = Int(field.identifier.tagNumber)
                guard tag > last, tag <= 3 else { throw RSAError(.encoding, "RSASSA-PSS-params fields out of order") }
                last = tag
                var children = inner.makeIterator()
                guard let value = children.next(), children.next() == nil else {
                    throw RSAError(.encoding, "RSASSA-PSS-params [\(tag)] must hold one value")
                }
                switch tag {
                case 0: hash = try self.hash(value)
                case 1:
                    let (oid, parameters) = try algorithmIdentifier(value)
                    guard oid == mgf1 else { throw RSAError(.unsupportedAlgorithm, "mask generation \(oid) is not MGF1") }
                    mgfHash = try self.hash(parameters)
                case 2:
                    guard let n = Int(exactly: try Int64(derEncoded: value)), n >= 0 else {
                        throw RSAError(.encoding, "PSS salt length is negative")
                    }
                    salt = n
                default:
                    trailer = Int(try Int64(derEncoded: value))
                }
            }
            guard trailer == 1 else { throw RSAError(.encoding, "PSS trailer field \(trailer) is not 1") }
            return .pss(hash ?? .insecureSHA1, mgf1Hash: mgfHash ?? .insecureSHA1, saltLength: salt)
        }
    }

    /// DER of RSAPublicKey.
    static func pkcs1(modulus: BigUInt, exponent: BigUInt) -> [UInt8] {
        func integer(_ value: BigUInt) -> [UInt8] {
            var bytes = value.bigEndianBytes(count: 8 * value.limbs.count)!
            while bytes.count > 1 && bytes[0] == 0 && bytes[1] & 0x80 == 0 { bytes.removeFirst() }
            if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
            return [0x02] + length(bytes.count) + bytes
        }
        let body = integer(modulus) + integer(exponent)
        return [0x30] + length(body.count) + body
    }

    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        var bytes: [UInt8] = []
        var v = n
        while v > 0 {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}

/// Signature encodings (RFC 8017 section 9).
enum Encoding {
    /// EMSA-PKCS1-v1_5: 00 01 FF..FF 00 DigestInfo, `length` bytes in all.
    static func pkcs1v15(digest: [UInt8], hash: RSA.Hash, length: Int) -> [UInt8]? {
        let t = hash.digestInfoPrefix + digest
        guard length >= t.count + 11 else { return nil }
        return [0x00, 0x01] + [UInt8](repeating: 0xFF, count: length - t.count - 3) + [0x00] + t
    }

    /// Whether `em` is exactly EMSA-PKCS1-v1_5(digest) (RFC 8017 section 9.2): the same check as
    /// comparing with `pkcs1v15(digest:hash:length:)`, byte for byte over the whole message,
    /// without building it.
    static func isPKCS1v15(_ em: [UInt8], digest: [UInt8], hash: RSA.Hash) -> Bool {
        let prefix = hash.digestInfoPrefix
        let tLength = prefix.count + digest.count
        guard digest.count == hash.byteCount, em.count >= tLength + 11 else { return false }
        let separator = em.count - tLength - 1
        guard em[0] == 0x00, em[1] == 0x01, em[separator] == 0x00 else { return false }
        for i in 2..<separator where em[i] != 0xFF { return false }
        for i in 0..<prefix.count where em[separator + 1 + i] != prefix[i] { return false }
        let digestStart = separator + 1 + prefix.count
        for i in 0..<digest.count where em[digestStart + i] != digest[i] { return false }
        return true
    }

    /// MGF1 (RFC 8017 appendix B.2.1).
    static func mgf1(_ seed: [UInt8], length: Int, hash: RSA.Hash) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length + hash.byteCount)
        var counter: UInt32 = 0
        while out.count < length {
            let c = [UInt8(counter >> 24), UInt8(truncatingIfNeeded: counter >> 16), UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter)]
            out += hash.hash(seed + c)
            counter += 1
        }
        return Array(out.prefix(length))
    }

    /// EMSA-PSS-VERIFY (RFC 8017 section 9.1.2). With `saltLength` nil any salt length is
    /// recovered, but it must be at least `minimumSaltLength` (a PSS key's own parameter).
    static func pssVerify(digest mHash: [UInt8], encoded em: [UInt8], emBits: Int, hash: RSA.Hash, mgf1Hash: RSA.Hash,
                          saltLength: Int?, minimumSaltLength: Int = 0) -> Bool {
        let hLen = hash.byteCount
        let emLen = em.count
        guard emLen >= hLen + 2, em[emLen - 1] == 0xBC else { return false }
        let dbLength = emLen - hLen - 1
        let maskedDB = Array(em[0..<dbLength])
        let h = Array(em[dbLength..<(dbLength + hLen)])
        let unusedBits = 8 * emLen - emBits
        let topMask: UInt8 = unusedBits == 0 ? 0 : ~(0xFF >> UInt8(unusedBits))
        guard maskedDB[0] & topMask == 0 else { return false }
        let mask = mgf1(h, length: dbLength, hash: mgf1Hash)
        var db = zip(maskedDB, mask).map { $0 ^ $1 }
        db[0] &= ~topMask
        // DB = PS (zeros) || 0x01 || salt.
        guard let one = db.firstIndex(where: { $0 != 0 }), db[one] == 0x01 else { return false }
        let salt = Array(db[(one + 1)...])
        if let saltLength, salt.count != saltLength { return false }
        guard salt.count >= minimumSaltLength else { return false }
        let mPrime = [UInt8](repeating: 0, count: 8) + mHash + salt
        return ConstantTime.equals(hash.hash(mPrime), h)
    }
}

extension RSA {
    /// EMSA-PKCS1-v1_5 of a digest as `length` bytes, or nil when it does not fit: for the
    /// package's own tests and fixtures that sign with throwaway keys (this library verifies only).
    package static func pkcs1v15EncodedMessage(digest: [UInt8], hash: Hash, length: Int) -> [UInt8]? {
        Encoding.pkcs1v15(digest: digest, hash: hash, length: length)
    }
}
