import CKBBytes
import CKBTestSupport
import Testing

@Suite struct HexTests {
    @Test func roundTrip() throws {
        let bytes: [UInt8] = Array(0...255)
        #expect(try [UInt8](hex: bytes.hexString) == bytes)
        #expect(try [UInt8](hex: "ABCDEF") == [0xAB, 0xCD, 0xEF])
        #expect(try [UInt8](hex: "") == [])
        #expect(try [UInt8](hex: "0x0aFF", allowPrefix: true) == [0x0A, 0xFF])
        #expect(try [UInt8](hex: "0X", allowPrefix: true) == [])
    }

    @Test func errorsSayWhatAndWhere() {
        #expect(throws: HexError(kind: .oddLength(digits: 3))) { try [UInt8](hex: "abc") }
        #expect(throws: HexError(kind: .invalidCharacter(UInt8(ascii: "g"), position: 2))) { try [UInt8](hex: "00g0") }
        #expect(throws: HexError(kind: .invalidCharacter(UInt8(ascii: "x"), position: 1))) { try [UInt8](hex: "0x00") }
        #expect(throws: HexError(kind: .invalidCharacter(UInt8(ascii: "z"), position: 3))) { try [UInt8](hex: "0x0z", allowPrefix: true) }
        #expect(HexError(kind: .invalidCharacter(0x20, position: 4)).description == "invalid hex digit byte 0x20 at position 4")
    }
}

@Suite struct EndianTests {
    @Test func loadsAndStores() {
        var buffer = [UInt8](repeating: 0, count: 24)
        buffer.withUnsafeMutableBytes { raw in
            raw.baseAddress!.storeLittleEndian(UInt64(0x0102_0304_0506_0708), at: 1)
            raw.baseAddress!.storeBigEndian(UInt32(0x0A0B_0C0D), at: 9)
            raw.baseAddress!.storeBigEndian(UInt64(0x1112_1314_1516_1718), at: 13)
        }
        #expect(Array(buffer[1..<9]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(Array(buffer[9..<13]) == [0x0A, 0x0B, 0x0C, 0x0D])
        buffer.withUnsafeBytes { raw in
            #expect(raw.baseAddress!.loadLittleEndianUInt64(at: 1) == 0x0102_0304_0506_0708)
            #expect(raw.baseAddress!.loadBigEndianUInt32(at: 9) == 0x0A0B_0C0D)
            #expect(raw.baseAddress!.loadLittleEndianUInt32(at: 9) == 0x0D0C_0B0A)
            #expect(raw.baseAddress!.loadBigEndianUInt64(at: 13) == 0x1112_1314_1516_1718)
        }
    }
}

@Suite struct ConstantTimeTests {
    @Test func equality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        // Every single-bit difference in every position is seen.
        let base = [UInt8](repeating: 0x5A, count: 40)
        for i in 0..<(40 * 8) {
            var other = base
            other[i / 8] ^= 1 << (i % 8)
            #expect(!ConstantTime.equals(base, other))
            #expect(!base.withUnsafeBytes { a in other.withUnsafeBytes { b in ConstantTime.equals(a, b) } })
        }
    }

    @Test func wipe() {
        var secret: [UInt8] = [1, 2, 3, 4]
        Zeroize.wipe(&secret)
        #expect(secret == [0, 0, 0, 0])
    }
}

@Suite struct ByteReaderTests {
    @Test func readsWithinBounds() throws {
        var reader = ByteReader([1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9])
        #expect(try reader.readUInt32LE() == 1)
        #expect(try reader.readUInt64LE() == 2)
        #expect(try reader.readUInt8() == 9)
        #expect(reader.isAtEnd)
        try reader.expectEnd()
    }

    @Test func shortReadNamesWhatAndWhere() throws {
        var reader = ByteReader([1, 2, 3])
        _ = try reader.readUInt8()
        #expect(throws: ByteReaderError(what: "length", offset: 1, needed: 4, available: 2)) {
            try reader.readUInt32LE("length")
        }
        #expect(reader.offset == 1)  // a failed read consumes nothing
        #expect(throws: ByteReaderError.self) { try reader.read(-1) }
        let error = ByteReaderError(what: "length", offset: 1, needed: 4, available: 2)
        #expect(error.description == "truncated length at offset 1: needs 4 byte(s), 2 left")
    }

    @Test func trailingBytesAreReported() throws {
        var reader = ByteReader([1, 2])
        _ = try reader.readUInt8()
        #expect(throws: ByteReaderError(what: "end of script", offset: 1, needed: 0, available: 1, trailing: true)) {
            try reader.expectEnd("script")
        }
    }
}
