/// RFC 6376 §3.4 canonicalization, with the errata that settle empty bodies (1384: relaxed
/// turns an empty body into nothing; simple into one CRLF).
enum Canonical {
    static func isWSP(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// A header field, with its final CRLF.
    static func header(_ raw: [UInt8], _ c: DKIMSignature.Canonicalization) -> [UInt8] {
        switch c {
        case .simple:
            return raw + [0x0D, 0x0A]
        case .relaxed:
            let colon = raw.firstIndex(of: UInt8(ascii: ":"))!
            // Name: lower case, no whitespace before the colon.
            var name = Array(raw[..<colon])
            while let last = name.last, isWSP(last) { name.removeLast() }
            var out = name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } + [UInt8(ascii: ":")]
            // Value: unfolded, whitespace runs as one space, none at either end.
            var pendingSpace = false
            var started = false
            for b in raw[(colon + 1)...] {
                if b == 0x0D || b == 0x0A { continue }
                if isWSP(b) {
                    pendingSpace = started
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                started = true
                out.append(b)
            }
            return out + [0x0D, 0x0A]
        }
    }

    /// The body, canonicalized: line by line (CRLF-terminated; a last line without CRLF gets
    /// one). Empty lines are held back and written only when a non-empty line follows, so empty
    /// lines at the end are dropped. Relaxed turns whitespace runs into one space and drops it
    /// at line ends.
    static func body(_ body: ArraySlice<UInt8>, _ c: DKIMSignature.Canonicalization) -> [UInt8] {
        let relaxed = c == .relaxed
        let out = [UInt8](unsafeUninitializedCapacity: body.count + 2) { o, written in
            body.withUnsafeBufferPointer { b in
                // One pass: `wrote` says the current line has output, `pendingEmpty` counts the
                // empty lines held back, `pendingSpace` a whitespace run not yet written.
                var n = 0, pendingEmpty = 0, i = 0
                var wrote = false, pendingSpace = false
                let count = b.count
                while i < count {
                    let x = b[i]
                    if x == 0x0D, i + 1 < count, b[i + 1] == 0x0A {
                        if wrote {
                            o[n] = 0x0D
                            o[n + 1] = 0x0A
                            n += 2
                        } else {
                            pendingEmpty += 1
                        }
                        wrote = false
                        pendingSpace = false
                        i += 2
                        continue
                    }
                    i += 1
                    if relaxed, x == 0x20 || x == 0x09 {
                        pendingSpace = true
                        continue
                    }
                    if !wrote {
                        while pendingEmpty > 0 {
                            o[n] = 0x0D
                            o[n + 1] = 0x0A
                            n += 2
                            pendingEmpty -= 1
                        }
                        wrote = true
                    }
                    if pendingSpace {
                        o[n] = 0x20
                        n += 1
                        pendingSpace = false
                    }
                    o[n] = x
                    n += 1
                }
                if wrote {  // a last line without CRLF gets one
                    o[n] = 0x0D
                    o[n + 1] = 0x0A
                    n += 2
                }
                written = n
            }
        }
        if out.isEmpty { return c == .simple ? [0x0D, 0x0A] : [] }
        return out
    }

    /// The DKIM-Signature field with the value of b= removed (everything else as it is).
    static func withoutSignature(_ raw: [UInt8]) -> [UInt8] {
        let colon = raw.firstIndex(of: UInt8(ascii: ":"))!
        var out = Array(raw[...colon])
        let value = Array(raw[(colon + 1)...])
        // Walk the tag list: find the tag named exactly "b" and blank its value.
        var i = 0
        while i < value.count {
            // tag start: skip whitespace (and folding)
            var j = i
            while j < value.count, isWSP(value[j]) || value[j] == 0x0D || value[j] == 0x0A { j += 1 }
            var k = j
            while k < value.count, value[k] != UInt8(ascii: "="), value[k] != UInt8(ascii: ";") { k += 1 }
            var nameEnd = k
            while nameEnd > j, isWSP(value[nameEnd - 1]) || value[nameEnd - 1] == 0x0D || value[nameEnd - 1] == 0x0A { nameEnd -= 1 }
            let isB = nameEnd - j == 1 && value[j] == UInt8(ascii: "b")
            var end = k
            while end < value.count, value[end] != UInt8(ascii: ";") { end += 1 }
            if isB, k < value.count, value[k] == UInt8(ascii: "=") {
                out += value[i...k]  // up to and including "="
            } else {
                out += value[i..<end]
            }
            if end < value.count { out.append(UInt8(ascii: ";")) }
            i = end + 1
        }
        return out
    }
}
