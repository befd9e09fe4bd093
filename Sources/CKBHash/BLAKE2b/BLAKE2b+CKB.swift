/// CKB's hash: BLAKE2b with a 32-byte digest, no key, no salt, and the personalization
/// `ckb-default-hash` (CKB `util/hash`; Nervos RFC 0027 "ckbhash").
///
/// CKB uses it for transaction, script, block and cell-data hashes. The hash of empty input is
/// `44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e`.
public struct CKBHasher: HashFunction {
    public static let blockByteCount = BLAKE2b.blockByteCount
    /// The 16 personalization bytes, ASCII `ckb-default-hash`.
    public static let personalization: [UInt8] = Array("ckb-default-hash".utf8)

    @usableFromInline var inner: BLAKE2b

    /// `ckb-default-hash` as two little-endian words ("ckb-defa", "ult-hash").
    @usableFromInline static let personalWords: (UInt64, UInt64) = (0x6166_6564_2d62_6b63, 0x6873_6168_2d74_6c75)

    public init() {
        inner = BLAKE2b(unkeyedDigestByteCount: 32, salt: (0, 0), personal: CKBHasher.personalWords)
    }

    public var digestByteCount: Int { 32 }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bufferPointer)
    }

    public func finalize() -> Digest { inner.finalize() }
}

/// CKB's 32-byte BLAKE2b hash of `data` (see ``CKBHasher``).
public func ckbHash<Bytes: Sequence<UInt8>>(_ data: Bytes) -> Digest {
    CKBHasher.hash(data)
}

/// blake160: the first 20 bytes of ``ckbHash(_:)``, as CKB lock args use it.
public func blake160<Bytes: Sequence<UInt8>>(_ data: Bytes) -> Digest {
    ckbHash(data).prefix(20)
}
