/// IP address text and bytes.
enum IPAddress {
    static func text(_ b: [UInt8]) -> String {
        switch b.count {
        case 4: return b.map(String.init).joined(separator: ".")
        case 16: return stride(from: 0, to: 16, by: 2).map { String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16) }.joined(separator: ":")
        case 8, 32: return text(Array(b.prefix(b.count / 2))) + "/" + text(Array(b.suffix(b.count / 2)))
        default: return b.map { String($0, radix: 16) }.joined()
        }
    }

    /// Dotted decimal for IPv4; RFC 5952 for IPv6 (lower case, no leading zeros, the longest
    /// run of two or more zero groups as `::`, the first on a tie).
    static func canonicalText(_ b: [UInt8]) -> String? {
        if b.count == 4 { return text(b) }
        guard b.count == 16 else { return nil }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]) }
        var best = (start: -1, length: 0), i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > best.length { best = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard best.length >= 2 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }

    /// Dotted IPv4 or RFC 4291 IPv6 text (with `::`), as bytes.
    static func parse(_ s: String, allowingLeadingZeros: Bool = false) -> [UInt8]? {
        if !s.contains(":") {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var out: [UInt8] = []
            for p in parts {
                guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255 else { return nil }
                guard allowingLeadingZeros || p.count == 1 || p.first != "0" else { return nil }
                out.append(UInt8(v))
            }
            return out
        }
        var halves: [String] = []
        var rest = Substring(s)
        while let range = rest.firstRange(of: "::") {
            halves.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        halves.append(String(rest))
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for g in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

/// DNS names as they appear in certificates and as peers present them (RFC 5280 §4.2.1.6,
/// RFC 6125 §6.4.3 for the wildcard).
enum DNSName {
    static func isLDHLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// A name a certificate presents: LDH labels, no trailing dot, a last label that is not all
    /// digits, optionally `*.` as the whole left-most label followed by at least two labels.
    static func isValidPresented(_ name: String) -> Bool {
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard name.utf8.count <= 253, !labels.isEmpty else { return false }
        if labels.first == "*" {
            labels.removeFirst()
            guard labels.count >= 2 else { return false }
        }
        guard labels.allSatisfy(isLDHLabel), let last = labels.last, !last.allSatisfy({ $0.isNumber }) else { return false }
        return true
    }

    /// A name a peer is expected to have: as above, without a wildcard.
    static func isValidReference(_ name: String) -> Bool {
        !name.hasPrefix("*") && isValidPresented(name)
    }

    /// A dNSName name constraint: empty (every name), or LDH labels, optionally after one leading dot.
    static func isValidConstraint(_ c: String) -> Bool {
        if c.isEmpty { return true }
        let body = c.hasPrefix(".") ? String(c.dropFirst()) : c
        let labels = body.split(separator: ".", omittingEmptySubsequences: false)
        return body.utf8.count <= 253 && labels.allSatisfy(isLDHLabel)
    }

    /// Whether presented `pattern` (perhaps `*.rest`) names `reference` (case-insensitive; the
    /// wildcard stands for exactly one whole label).
    static func matches(pattern: String, reference: String) -> Bool {
        let p = pattern.lowercased(), r = reference.lowercased()
        if p.hasPrefix("*.") {
            guard let dot = r.firstIndex(of: ".") else { return false }
            return r[r.startIndex..<dot].count > 0 && r[r.index(after: dot)...] == p.dropFirst(2)
        }
        return p == r
    }

    /// Whether `name` is within constraint `c` (RFC 5280 §4.2.1.10: labels added on the left).
    static func within(_ name: String, _ c: String) -> Bool {
        let n = name.lowercased(), c = c.lowercased()
        if c.isEmpty { return true }
        if c.hasPrefix(".") { return n.hasSuffix(c) }
        return n == c || n.hasSuffix("." + c)
    }

    /// Whether some name `*.rest` stands for is within constraint `c`.
    static func wildcardMayBeWithin(_ pattern: String, _ c: String) -> Bool {
        let rest = String(pattern.lowercased().dropFirst(2)), c = c.lowercased()
        if within("x." + rest, c) { return true }
        let bare = c.hasPrefix(".") ? String(c.dropFirst()) : c
        // c = label.rest: the wildcard can be that label.
        if let dot = bare.firstIndex(of: "."), bare[bare.index(after: dot)...] == rest[...] { return true }
        return false
    }
}

/// Email addresses (rfc822Name): a local part, then `@` and a domain compared without case.
enum EmailAddress {
    static func split(_ address: String) -> (local: String, domain: String)? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = String(address[..<at]), domain = String(address[address.index(after: at)...])
        guard !local.isEmpty, DNSName.isValidReference(domain) || isIPLiteral(domain) else { return nil }
        return (local, domain)
    }

    static func isIPLiteral(_ d: String) -> Bool { d.hasPrefix("[") && d.hasSuffix("]") }

    static func isValid(_ address: String) -> Bool {
        guard let (local, _) = split(address) else { return false }
        return local.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// RFC 5280 §4.2.1.10: `local@host` is one mailbox, `host` every mailbox at it, `.host`
    /// every mailbox at its subdomains.
    static func within(_ address: String, _ c: String) -> Bool {
        guard let (local, domain) = split(address) else { return false }
        if c.contains("@") {
            guard let (cl, cd) = split(c) else { return false }
            return cl == local && cd.lowercased() == domain.lowercased()
        }
        if c.hasPrefix(".") { return domain.lowercased().hasSuffix(c.lowercased()) }
        return domain.lowercased() == c.lowercased()
    }

    static func matches(_ presented: String, _ reference: String) -> Bool {
        guard let (pl, pd) = split(presented), let (rl, rd) = split(reference) else { return false }
        return pl == rl && pd.lowercased() == rd.lowercased()
    }
}

/// Name constraints (RFC 5280 §4.2.1.10) over the names of one certificate.
enum NameConstraintCheck {
    /// A constraint's syntax (an IP constraint is address and a contiguous mask).
    static func isValid(_ constraint: GeneralName) -> Bool {
        switch constraint {
        case .dns(let c): return DNSName.isValidConstraint(c)
        case .ipAddress(let b):
            guard b.count == 8 || b.count == 32 else { return false }
            let mask = b.suffix(b.count / 2)
            var seenZero = false
            for byte in mask {
                for bit in (0..<8).reversed() {
                    let one = byte >> bit & 1 == 1
                    if one && seenZero { return false }
                    if !one { seenZero = true }
                }
            }
            return true
        case .email(let c):
            return c.contains("@") ? EmailAddress.split(c) != nil : DNSName.isValidConstraint(c)
        default: return true
        }
    }

    static func within(_ name: GeneralName, _ c: GeneralName, forExclusion: Bool) -> Bool {
        switch (name, c) {
        case (.dns(let n), .dns(let c)):
            if n.hasPrefix("*."), forExclusion { return DNSName.wildcardMayBeWithin(n, c) }
            return DNSName.within(n, c)
        case (.email(let n), .email(let c)): return EmailAddress.within(n, c)
        case (.ipAddress(let n), .ipAddress(let c)):
            guard c.count == 2 * n.count else { return false }
            let (address, mask) = (c.prefix(n.count), c.suffix(n.count))
            return zip(zip(n, address), mask).allSatisfy { ($0.0 & $1) == ($0.1 & $1) }
        case (.directoryName(let n), .directoryName(let c)): return n.hasPrefix(c)
        default: return false
        }
    }

    static let checkedKinds: Set<Int> = [1, 2, 4, 7]

    /// nil when `names` satisfy `nc`, else why not.
    static func violation(_ names: [GeneralName], _ nc: Extensions.NameConstraints) -> String? {
        let permitted = nc.permitted ?? [], excluded = nc.excluded ?? []
        for c in permitted + excluded where !isValid(c) {
            return "the name constraint \(c) is malformed"
        }
        for name in names {
            let kind = name.kind
            let sameKindPermitted = permitted.filter { $0.kind == kind }
            let sameKindExcluded = excluded.filter { $0.kind == kind }
            if !checkedKinds.contains(kind) {
                if !sameKindPermitted.isEmpty || !sameKindExcluded.isEmpty {
                    return "\(name) is under a kind of name constraint this validator does not check"
                }
                continue
            }
            if let c = sameKindExcluded.first(where: { within(name, $0, forExclusion: true) }) {
                return "\(name) is excluded by \(c)"
            }
            if !sameKindPermitted.isEmpty, !sameKindPermitted.contains(where: { within(name, $0, forExclusion: false) }) {
                return "\(name) is outside the permitted subtrees"
            }
        }
        return nil
    }
}
