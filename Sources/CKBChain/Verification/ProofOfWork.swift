import CKBHash

/// Header proof of work (`spec/ckb.md` §5.3; ckb `pow/`).
///
/// 1. pow_hash = CKB's hash of the 192-byte RawHeader.
/// 2. pow_message = pow_hash ‖ nonce as u128 little-endian (48 bytes).
/// 3. h = Eaglesong(pow_message); on testnet (Aggron, `EaglesongBlake2b`) h = CKB hash of that.
/// 4. The header is valid when h, read as a big-endian 256-bit number, is ≤ the target.
public enum ProofOfWork {
    public enum Network: String, Sendable, CaseIterable {
        /// Lina: Eaglesong.
        case mainnet
        /// Aggron: Eaglesong, then CKB's BLAKE2b.
        case testnet
    }

    /// The 48-byte message the miner's nonce completes.
    public static func message(_ header: Header) -> [UInt8] {
        header.raw.powHash + Molecule.le128(header.nonce)
    }

    /// The proof-of-work output h for `network`.
    public static func output(_ header: Header, network: Network) -> Byte32 {
        let first = eaglesong(message(header)).bytes
        return network == .mainnet ? first : ckbHash(first).bytes
    }

    /// The 256-bit target (big-endian bytes) of a compact target, or nil when it is zero or
    /// overflows: exponent = c >> 24, mantissa = c & 0xFFFFFF; exponent ≤ 3 shifts the mantissa
    /// right by 8 (3 − exponent) bits, otherwise left by 8 (exponent − 3); overflow when the
    /// mantissa is non-zero and exponent > 32. (There is no sign bit, unlike Bitcoin.)
    public static func target(compact: UInt32) -> [UInt8]? {
        let exponent = Int(compact >> 24)
        let mantissa = compact & 0xFF_FFFF
        if mantissa != 0 && exponent > 32 { return nil }
        var target = [UInt8](repeating: 0, count: 32)
        if exponent <= 3 {
            let value = mantissa >> (8 * UInt32(3 - exponent))
            for i in 0..<4 { target[31 - i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        } else {
            // mantissa bytes (big-endian) end at byte 31 - (exponent - 3).
            let shift = exponent - 3
            for i in 0..<3 {
                let position = 31 - shift - i
                if position >= 0 { target[position] = UInt8(truncatingIfNeeded: mantissa >> (8 * UInt32(i))) }
            }
        }
        return target.allSatisfy({ $0 == 0 }) ? nil : target
    }

    /// Why a header's proof of work is invalid, or nil when it is valid.
    public static func verify(_ header: Header, network: Network) -> String? {
        guard let target = target(compact: header.raw.compactTarget) else {
            return "invalid compact target 0x\(String(header.raw.compactTarget, radix: 16))"
        }
        let h = output(header, network: network)
        guard h.lexicographicallyPrecedes(target) || h == target else {
            return "proof of work \(h.hexString) exceeds the target \(target.hexString)"
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format2: $0) }.joined() }
}

extension String {
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
