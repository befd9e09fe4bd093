// Strict DER for ECDSA signatures (X.690 section 10 as BIP 66 applies it):
//   0x30 len 0x02 lenR R 0x02 lenS S
// with short-form lengths that match exactly, minimal non-negative integers and no trailing
// bytes.

enum DER {
    /// The 32-byte big-endian r and s, or a located error.
    static func parseSignature(_ b: [UInt8]) throws(Secp256k1Error) -> (r: [UInt8], s: [UInt8]) {
        func fail(_ what: String, at offset: Int) -> Secp256k1Error {
            Secp256k1Error(.invalidSignatureEncoding, "DER signature: \(what) at byte \(offset)")
        }
        guard b.count >= 2 else { throw fail("truncated header (\(b.count) bytes)", at: 0) }
        guard b[0] == 0x30 else { throw fail("expected SEQUENCE tag 0x30, found 0x\(String(b[0], radix: 16))", at: 0) }
        guard b[1] < 0x80 else { throw fail("length is not in the short form", at: 1) }
        guard Int(b[1]) == b.count - 2 else {
            throw fail("SEQUENCE length \(b[1]) does not match the \(b.count - 2) bytes that follow", at: 1)
        }
        var offset = 2
        func integer(_ name: String) throws(Secp256k1Error) -> [UInt8] {
            guard offset + 2 <= b.count else { throw fail("\(name) truncated", at: offset) }
            guard b[offset] == 0x02 else {
                throw fail("expected INTEGER tag 0x02 for \(name), found 0x\(String(b[offset], radix: 16))", at: offset)
            }
            let length = Int(b[offset + 1])
            guard length < 0x80 else { throw fail("\(name) length is not in the short form", at: offset + 1) }
            guard length > 0 else { throw fail("\(name) is empty", at: offset + 1) }
            let start = offset + 2
            guard start + length <= b.count else { throw fail("\(name) runs past the end", at: offset + 1) }
            let value = Array(b[start..<start + length])
            guard value[0] & 0x80 == 0 else { throw fail("\(name) is negative", at: start) }
            if length > 1 && value[0] == 0 && value[1] & 0x80 == 0 {
                throw fail("\(name) has a non-minimal leading zero", at: start)
            }
            offset = start + length
            let magnitude = value.drop { $0 == 0 }
            guard magnitude.count <= 32 else { throw fail("\(name) is longer than 32 bytes", at: start) }
            return [UInt8](repeating: 0, count: 32 - magnitude.count) + magnitude
        }
        let r = try integer("r")
        let s = try integer("s")
        guard offset == b.count else { throw fail("\(b.count - offset) trailing bytes", at: offset) }
        return (r, s)
    }

    /// Minimal DER for 32-byte big-endian r and s.
    static func encodeSignature(r: [UInt8], s: [UInt8]) -> [UInt8] {
        func integer(_ v: [UInt8]) -> [UInt8] {
            var m = Array(v.drop { $0 == 0 })
            if m.isEmpty || m[0] & 0x80 != 0 { m.insert(0, at: 0) }
            return [0x02, UInt8(m.count)] + m
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }
}
