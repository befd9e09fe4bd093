import CKBHash
import Testing

/// Incremental hashing must equal one-shot hashing for every way of cutting the input, and
/// hashers must behave as values.
@Suite struct StreamingTests {
    static let algorithms: [HashAlgorithm] = [
        .ckb,
        .blake2b(digestByteCount: 64),
        .blake2b(digestByteCount: 17, key: Array(0..<40), salt: [1, 2, 3], personalization: [4, 5]),
        .sha256,
        .sha384,
        .sha512,
        .hmacSHA256(key: Array(0..<100)),
        .eaglesong,
    ]

    static func blockSize(_ algorithm: HashAlgorithm) -> Int {
        switch algorithm {
        case .ckb, .blake2b: return BLAKE2b.blockByteCount
        case .sha256, .hmacSHA256: return SHA256.blockByteCount
        case .sha384, .sha512: return SHA512.blockByteCount
        case .eaglesong: return Eaglesong.blockByteCount
        }
    }

    static func input(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    /// Lengths 0 to 3 blocks, every single split point.
    @Test(arguments: algorithms)
    func everySplitPoint(algorithm: HashAlgorithm) throws {
        let block = Self.blockSize(algorithm)
        for length in 0...(3 * block) {
            let data = Self.input(length)
            let expected = try algorithm.hash(data)
            for split in 0...length {
                var hasher = try algorithm.makeHasher()
                hasher.update(data[0..<split])
                hasher.update(data[split..<length])
                let digest = hasher.finalize()
                #expect(digest == expected, "\(algorithm): length \(length), split \(split)")
                if digest != expected { return }
            }
        }
    }

    /// Every chunk size from 1 to one block, over 3 blocks plus a tail (BLAKE2 reference self-test).
    @Test(arguments: algorithms)
    func everyChunkSize(algorithm: HashAlgorithm) throws {
        let block = Self.blockSize(algorithm)
        let data = Self.input(3 * block + 5)
        let expected = try algorithm.hash(data)
        for chunk in 1...block {
            var hasher = try algorithm.makeHasher()
            var offset = 0
            while offset < data.count {
                let end = min(offset + chunk, data.count)
                hasher.update(data[offset..<end])
                offset = end
            }
            #expect(hasher.finalize() == expected, "\(algorithm): chunk \(chunk)")
        }
    }

    /// A copied hasher diverges independently of the original, and finalize() changes nothing.
    @Test func copyThenDiverge() {
        func check<H: HashFunction>(_ type: H.Type) {
            var original = H()
            original.update([1, 2, 3])
            var copy = original
            copy.update([4, 5, 6])
            let before = original.finalize()
            #expect(original.finalize() == before)  // finalize leaves the state unchanged
            original.update([4, 5, 6])
            #expect(original.finalize() == copy.finalize())
            #expect(before == H.hash([1, 2, 3]))
            #expect(before != copy.finalize())
        }
        check(BLAKE2b.self)
        check(CKBHasher.self)
        check(SHA256.self)
        check(Eaglesong.self)
    }

    @Test func digestValueBehaviour() throws {
        let a = ckbHash([1, 2, 3])
        #expect(a.count == 32)
        #expect(Digest(a.bytes) == a)
        #expect(a.prefix(20) == blake160([1, 2, 3]))
        #expect(a.prefix(20) != a)
        #expect(Set([a, a, ckbHash([9])]).count == 2)
        #expect(Digest([UInt8]()) == nil)
        #expect(Digest([UInt8](repeating: 0, count: 65)) == nil)
    }
}
