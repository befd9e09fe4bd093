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

    /// The body, canonicalized.
    static func body(_ body: [UInt8], _ c: DKIMSignature.Canonicalization) -> [UInt8] {
        // Split into lines (CRLF-terminated; a last line without CRLF gets one).
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < body.count {
            if body[i] == 0x0D, i + 1 < body.count, body[i + 1] == 0x0A {
                lines.append(body[start..<i])
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        if start < body.count { lines.append(body[start...]) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 2)
        var processed: [ArraySlice<UInt8>] = lines
        if c == .relaxed {
            processed = lines.map { line in
                var reduced: [UInt8] = []
                var pendingSpace = false
                for b in line {
                    if isWSP(b) {
                        pendingSpace = true
                        continue
                    }
                    if pendingSpace { reduced.append(0x20) }
                    pendingSpace = false
                    reduced.append(b)
                }
                return reduced[...]
            }
        }
        // Empty lines at the end are dropped.
        while let last = processed.last, last.isEmpty { processed.removeLast() }
        if processed.isEmpty { return c == .simple ? [0x0D, 0x0A] : [] }
        for line in processed {
            out += line
            out += [0x0D, 0x0A]
        }
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
