/// The input buffering of the hashes that process every full block at once (SHA-1, SHA-256,
/// SHA-512 and the Eaglesong sponge; not BLAKE2b, which must hold back its last block): whole
/// blocks go straight from the caller's memory to the compression function, and a partial block
/// waits in `buffer` until the next update or finalization. Each hasher counts its own length.
protocol BlockBuffered {
    associatedtype BlockStorage
    static var blockByteCount: Int { get }
    /// At least one block of storage; its first `buffered` bytes are pending input.
    var buffer: BlockStorage { get set }
    /// Pending bytes in `buffer` (0 ..< blockByteCount).
    var buffered: Int { get set }
    /// Compresses (for a sponge, absorbs) `count` whole blocks read from `blocks`.
    mutating func compressBlocks(_ blocks: UnsafeRawPointer, count: Int)
}

extension BlockBuffered {
    /// Absorbs `bufferPointer`: tops up a pending partial block first, then compresses whole
    /// blocks in place, then keeps the tail.
    @inline(__always)
    mutating func absorb(_ bufferPointer: UnsafeRawBufferPointer) {
        guard var input = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        var remaining = bufferPointer.count
        if buffered > 0 {
            let take = min(Self.blockByteCount - buffered, remaining)
            let offset = buffered
            withUnsafeMutableBytes(of: &buffer) { raw in
                raw.baseAddress!.advanced(by: offset).copyMemory(from: input, byteCount: take)
            }
            buffered += take
            input += take
            remaining -= take
            guard buffered == Self.blockByteCount else { return }
            let block = buffer
            withUnsafeBytes(of: block) { raw in compressBlocks(raw.baseAddress!, count: 1) }
            buffered = 0
        }
        let whole = remaining / Self.blockByteCount
        if whole > 0 {
            compressBlocks(input, count: whole)
            input += whole * Self.blockByteCount
            remaining -= whole * Self.blockByteCount
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { raw in raw.baseAddress!.copyMemory(from: input, byteCount: remaining) }
            buffered = remaining
        }
    }
}
