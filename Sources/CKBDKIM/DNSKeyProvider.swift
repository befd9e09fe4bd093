// DKIM key records from a recursive DNS resolver, over UDP with a fall-back to TCP, using the
// C library's sockets (no Foundation). Wire format: DNS.swift. Documentation: Docs/DNS.md.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Resolver address

/// The address of a DNS resolver: an IPv4 or IPv6 address and a UDP/TCP port.
public struct DNSResolverAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address in network byte order: 4 bytes (IPv4) or 16 bytes (IPv6).
    public let address: [UInt8]
    /// The port (53 unless told).
    public let port: UInt16
    /// The IPv6 zone (interface index) of a link-local address, else 0.
    public let scopeID: UInt32

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { address.count == 16 }

    /// Parses `a.b.c.d`, `a.b.c.d:port`, an IPv6 address alone, or `[IPv6]:port`. An IPv6
    /// address may carry a zone (`fe80::1%eth0`). Without a port, 53.
    ///
    /// - Throws: ``DNSResolverConfigurationError`` when the text is not such an address.
    public init(_ text: String) throws(DNSResolverConfigurationError) {
        var host = text
        var portText: Substring? = nil
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidAddress(text) }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .invalidAddress(text) }
                portText = rest.dropFirst()
            }
            guard host.contains(":") else { throw .invalidAddress(text) }
        } else {
            let colons = text.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
            if colons == 1, let colon = text.firstIndex(of: ":") {
                host = String(text[..<colon])
                portText = text[text.index(after: colon)...]
            }
        }
        var port: UInt16 = 53
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = UInt16(portText), value != 0
            else { throw .invalidPort(text) }
            port = value
        }
        self.port = port

        if host.contains(":") {
            var zone = ""
            if let percent = host.firstIndex(of: "%") {
                zone = String(host[host.index(after: percent)...])
                host = String(host[..<percent])
                guard !zone.isEmpty else { throw .invalidAddress(text) }
            }
            var a6 = in6_addr()
            let ok = host.withCString { inet_pton(AF_INET6, $0, &a6) }
            guard ok == 1 else { throw .invalidAddress(text) }
            address = withUnsafeBytes(of: &a6) { Array($0) }
            if zone.isEmpty {
                scopeID = 0
            } else if let index = UInt32(zone) {
                scopeID = index
            } else {
                let index = zone.withCString { if_nametoindex($0) }
                guard index != 0 else { throw .unknownInterface(zone) }
                scopeID = index
            }
        } else {
            var a4 = in_addr()
            let ok = host.withCString { inet_pton(AF_INET, $0, &a4) }
            guard ok == 1 else { throw .invalidAddress(text) }
            address = withUnsafeBytes(of: &a4) { Array($0) }
            scopeID = 0
        }
    }

    /// The first `nameserver` line of a resolv.conf file (read at most 64 KiB), port 53.
    ///
    /// - Throws: ``DNSResolverConfigurationError`` when the file cannot be read, has no
    ///   `nameserver` line, or its address does not parse.
    public static func systemDefault(resolvConf path: String = "/etc/resolv.conf") throws(DNSResolverConfigurationError) -> DNSResolverAddress {
        let text = try readSmallFile(path)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            return try DNSResolverAddress(String(fields[1]).contains(":") ? "[\(fields[1])]" : String(fields[1]))
        }
        throw .noNameserver(path)
    }

    /// `a.b.c.d:port` or `[IPv6]:port`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = isIPv6 ? AF_INET6 : AF_INET
        var bytes = address
        let text: String = bytes.withUnsafeMutableBytes { raw in
            buffer.withUnsafeMutableBufferPointer { out in
                guard inet_ntop(family, raw.baseAddress, out.baseAddress, socklen_t(out.count)) != nil else { return "?" }
                return String(cString: out.baseAddress!)
            }
        }
        let zone = scopeID != 0 ? "%\(scopeID)" : ""
        return isIPv6 ? "[\(text)\(zone)]:\(port)" : "\(text):\(port)"
    }

    /// Calls `body` with this address as a `sockaddr`.
    fileprivate func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if isIPv6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: address) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: address) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
    }

    /// Whether a datagram's source (from `recvfrom`) is this address and port.
    fileprivate func matches(_ storage: sockaddr_storage) -> Bool {
        var storage = storage
        if isIPv6 {
            guard Int32(storage.ss_family) == AF_INET6 else { return false }
            return withUnsafeBytes(of: &storage) { raw in
                let sa = raw.load(as: sockaddr_in6.self)
                var a = sa.sin6_addr
                return UInt16(bigEndian: sa.sin6_port) == port && withUnsafeBytes(of: &a) { Array($0) } == address
            }
        } else {
            guard Int32(storage.ss_family) == AF_INET else { return false }
            return withUnsafeBytes(of: &storage) { raw in
                let sa = raw.load(as: sockaddr_in.self)
                var a = sa.sin_addr
                return UInt16(bigEndian: sa.sin_port) == port && withUnsafeBytes(of: &a) { Array($0) } == address
            }
        }
    }
}

/// Why a resolver address or the system's resolver configuration could not be used.
public enum DNSResolverConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an IPv4 or IPv6 address (with an optional port).
    case invalidAddress(String)
    /// The port is not a number from 1 to 65535.
    case invalidPort(String)
    /// The zone of an IPv6 address names no interface.
    case unknownInterface(String)
    /// The resolv.conf file could not be read (path, errno).
    case unreadable(String, Int32)
    /// The resolv.conf file has no `nameserver` line.
    case noNameserver(String)
    /// A timeout that is not positive, or a negative retry count.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidAddress(let t): "DNS resolver: '\(t)' is not an IPv4 or IPv6 address (host, host:port or [IPv6]:port)"
        case .invalidPort(let t): "DNS resolver: the port in '\(t)' is not a number from 1 to 65535"
        case .unknownInterface(let z): "DNS resolver: no network interface named '\(z)'"
        case .unreadable(let p, let e): "DNS resolver: cannot read \(p): \(errnoText(e))"
        case .noNameserver(let p): "DNS resolver: \(p) has no nameserver line"
        case .invalidParameter(let t): "DNS resolver: \(t)"
        }
    }
}

/// Why an exchange with the resolver gave no usable response.
public enum DNSTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No matching answer within the timeout, on every try.
    case timedOut(tries: Int, timeout: Duration)
    /// The resolver's port is closed (ICMP port unreachable on UDP, a reset on TCP).
    case connectionRefused(transport: String)
    /// A system call failed (its name and errno).
    case system(call: String, errno: Int32)
    /// The resolver's answer (with the right ID and question, or any answer over TCP) is not
    /// a valid DNS message.
    case malformed(DNSMessageError, transport: String)
    /// The TCP connection ended before the whole message (bytes received, bytes expected).
    case connectionClosed(received: Int, expected: Int)
    /// The answer over TCP has TC set too: there is no larger transport to try.
    case truncatedOverTCP

    public var description: String {
        switch self {
        case .timedOut(let tries, let timeout): "no answer after \(tries) tr\(tries == 1 ? "y" : "ies") of \(seconds(timeout)) each"
        case .connectionRefused(let t): "connection refused (\(t))"
        case .system(let call, let e): "\(call) failed: \(errnoText(e))"
        case .malformed(let e, let t): "malformed answer over \(t): \(e)"
        case .connectionClosed(let r, let x): "TCP connection closed after \(r) of \(x) bytes"
        case .truncatedOverTCP: "the answer over TCP is truncated (TC set)"
        }
    }
}

// MARK: - Provider

/// DKIM key records from a DNS resolver (RFC 6376 §3.6.2.2): TXT queries over UDP, retried on
/// timeout, asked again over TCP when the UDP answer is truncated.
///
/// Each try sends a new query (fresh random ID, fresh socket) and waits up to ``timeout`` for
/// a datagram from the resolver's address and port carrying that ID and the same question;
/// other datagrams are discarded. After `1 + retries` tries without an answer the lookup is a
/// temporary failure. A UDP answer with TC set is asked again once over TCP (2-byte length
/// prefix, the whole exchange within ``timeout``). No message longer than 65,535 bytes is read.
///
/// Results (``DKIMKeyLookup``):
/// - NOERROR with TXT records at the name (after the answer's CNAME chain): `.records`, one
///   string per record, its character-strings joined with nothing between them, in the order
///   received;
/// - NOERROR without a TXT record (NODATA), or NXDOMAIN: `.notFound`;
/// - SERVFAIL, REFUSED, any other RCODE, a timeout after every try, a refused port, or a
///   malformed answer: `.temporaryFailure` with the reason;
/// - a name that is not a valid DNS name (see ``DNSName/init(_:)``): `.notFound` without a
///   query, since no key can be published there (RFC 6376 §6.1.2 makes it a PERMFAIL).
///
/// Bytes of a record that are not UTF-8 become U+FFFD, which no key record's syntax accepts.
public struct DNSKeyProvider: DKIMKeyProvider {
    /// The resolver asked.
    public let resolver: DNSResolverAddress
    /// How long one try waits for its answer (and how long the TCP exchange may take).
    public let timeout: Duration
    /// How many more UDP tries after the first.
    public let retries: Int

    /// A provider asking `resolver` (`host`, `host:port` or `[IPv6]:port`; by default the
    /// first `nameserver` of /etc/resolv.conf, port 53).
    ///
    /// - Parameters:
    ///   - timeout: per try, more than zero and at most one hour; 2 s by default.
    ///   - retries: tries after the first, 0...10; 2 by default (so at most 3 × `timeout`
    ///     over UDP, plus one `timeout` over TCP when the answer is truncated).
    /// - Throws: ``DNSResolverConfigurationError`` for an address that does not parse, no
    ///   usable resolv.conf, or a parameter out of range.
    public init(resolver: String? = nil, timeout: Duration = .seconds(2), retries: Int = 2) throws(DNSResolverConfigurationError) {
        let address: DNSResolverAddress
        if let resolver {
            address = try DNSResolverAddress(resolver)
        } else {
            address = try DNSResolverAddress.systemDefault()
        }
        try self.init(resolver: address, timeout: timeout, retries: retries)
    }

    /// A provider asking an already parsed resolver address.
    public init(resolver: DNSResolverAddress, timeout: Duration = .seconds(2), retries: Int = 2) throws(DNSResolverConfigurationError) {
        guard timeout > .zero, timeout <= .seconds(3600) else {
            throw .invalidParameter("the timeout must be more than 0 and at most 3600 s")
        }
        guard (0...10).contains(retries) else { throw .invalidParameter("the retry count must be 0...10") }
        self.resolver = resolver
        self.timeout = timeout
        self.retries = retries
    }

    public func txtRecords(_ name: String) -> DKIMKeyLookup {
        guard let dnsName = try? DNSName(name) else { return .notFound }
        let response: DNSResponse
        do {
            response = try query(dnsName, type: .txt)
        } catch {
            return .temporaryFailure("DNS TXT \(dnsName) at \(resolver): \(error)")
        }
        switch response.responseCode {
        case .noError:
            let records: [[[UInt8]]]
            do {
                records = try response.txtRecords()
            } catch {
                return .temporaryFailure("DNS TXT \(dnsName) at \(resolver): \(error)")
            }
            if records.isEmpty { return .notFound }
            return .records(records.map { String(decoding: $0.joined(), as: UTF8.self) })
        case .nameError:
            return .notFound
        default:
            return .temporaryFailure("DNS TXT \(dnsName) at \(resolver): \(response.responseCode)")
        }
    }

    /// Asks the resolver for `type` records at `name`: UDP tries with retries, then TCP once
    /// when the UDP answer has TC set. The response is checked against its query (ID,
    /// question) and parsed strictly; its RCODE is left to the caller.
    ///
    /// - Throws: ``DNSTransportError`` when no usable response came.
    public func query(_ name: DNSName, type: DNSRecordType = .txt) throws(DNSTransportError) -> DNSResponse {
        var failure = DNSTransportError.timedOut(tries: retries + 1, timeout: timeout)
        for _ in 0...retries {
            let response: DNSResponse
            do {
                response = try exchangeUDP(DNSQuery(name: name, type: type))
            } catch {
                switch error {
                case .timedOut, .connectionRefused, .system:
                    // Worth another try; remember the most telling reason.
                    if case .timedOut = error {} else { failure = error }
                    continue
                default:
                    throw error
                }
            }
            // The resolver answered: a truncated answer is asked again once over TCP, whose
            // failures are final (the resolver is there; another UDP try would truncate again).
            return response.isTruncated ? try exchangeTCP(DNSQuery(name: name, type: type)) : response
        }
        throw failure
    }

    // MARK: UDP

    private func exchangeUDP(_ query: DNSQuery) throws(DNSTransportError) -> DNSResponse {
        let socketFD = socket(resolver.isIPv6 ? AF_INET6 : AF_INET, datagramSocketType, 0)
        guard socketFD >= 0 else { throw .system(call: "socket", errno: errno) }
        defer { close(socketFD) }
        // Connecting filters datagrams by source in the kernel and reports ICMP errors; the
        // source is checked again below all the same.
        let connected = resolver.withSockaddr { connect(socketFD, $0, $1) }
        guard connected == 0 else { throw .system(call: "connect", errno: errno) }
        let sent = query.bytes.withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, 0) }
        guard sent == query.bytes.count else {
            if sent < 0, errno == ECONNREFUSED { throw .connectionRefused(transport: "UDP") }
            throw .system(call: "send", errno: sent < 0 ? errno : EMSGSIZE)
        }

        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: DNSResponse.maximumMessageLength + 1)
        while true {
            guard try waitFor(socketFD, events: Int16(POLLIN), until: deadline) else {
                throw .timedOut(tries: 1, timeout: timeout)
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(socketFD, raw.baseAddress, raw.count, 0, $0, &length)
                    }
                }
            }
            if n < 0 {
                let e = errno
                if e == EINTR || e == EAGAIN || e == EWOULDBLOCK { continue }
                if e == ECONNREFUSED { throw .connectionRefused(transport: "UDP") }
                throw .system(call: "recvfrom", errno: e)
            }
            // Not from the resolver, or not for this query: someone else's datagram (or a
            // spoofing attempt); keep waiting for ours.
            guard resolver.matches(storage) else { continue }
            guard n >= 2, UInt16(buffer[0]) << 8 | UInt16(buffer[1]) == query.id else { continue }
            let message = Array(buffer[0..<n])
            do {
                return try DNSResponse(parsing: message, answering: query)
            } catch {
                switch error.reason {
                case .questionNameMismatch, .questionTypeMismatch, .questionClassMismatch:
                    continue
                default:
                    throw .malformed(error, transport: "UDP")
                }
            }
        }
    }

    // MARK: TCP

    private func exchangeTCP(_ query: DNSQuery) throws(DNSTransportError) -> DNSResponse {
        let socketFD = socket(resolver.isIPv6 ? AF_INET6 : AF_INET, streamSocketType, 0)
        guard socketFD >= 0 else { throw .system(call: "socket", errno: errno) }
        defer { close(socketFD) }
        disableSIGPIPE(socketFD)
        guard fcntl(socketFD, F_SETFL, fcntl(socketFD, F_GETFL, 0) | O_NONBLOCK) == 0 else {
            throw .system(call: "fcntl", errno: errno)
        }
        let deadline = ContinuousClock.now + timeout

        let connected = resolver.withSockaddr { connect(socketFD, $0, $1) }
        if connected != 0 {
            let e = errno
            if e == ECONNREFUSED { throw .connectionRefused(transport: "TCP") }
            guard e == EINPROGRESS || e == EINTR else { throw .system(call: "connect", errno: e) }
            guard try waitFor(socketFD, events: Int16(POLLOUT), until: deadline) else {
                throw .timedOut(tries: 1, timeout: timeout)
            }
            var soError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(socketFD, SOL_SOCKET, SO_ERROR, &soError, &size) == 0 else {
                throw .system(call: "getsockopt", errno: errno)
            }
            if soError == ECONNREFUSED { throw .connectionRefused(transport: "TCP") }
            guard soError == 0 else { throw .system(call: "connect", errno: soError) }
        }

        let count = query.bytes.count
        var framed: [UInt8] = [UInt8(count >> 8), UInt8(count & 0xFF)]
        framed.append(contentsOf: query.bytes)
        var sentSoFar = 0
        while sentSoFar < framed.count {
            let n = framed.withUnsafeBytes { send(socketFD, $0.baseAddress! + sentSoFar, $0.count - sentSoFar, sendFlags) }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    guard try waitFor(socketFD, events: Int16(POLLOUT), until: deadline) else {
                        throw .timedOut(tries: 1, timeout: timeout)
                    }
                    continue
                }
                if e == ECONNREFUSED || e == ECONNRESET || e == EPIPE { throw .connectionRefused(transport: "TCP") }
                throw .system(call: "send", errno: e)
            }
            sentSoFar += n
        }

        let prefix = try readExactly(socketFD, 2, until: deadline)
        let length = Int(prefix[0]) << 8 | Int(prefix[1])  // at most 65,535 by construction
        let message = try readExactly(socketFD, length, until: deadline)
        let response: DNSResponse
        do {
            response = try DNSResponse(parsing: message, answering: query)
        } catch {
            throw .malformed(error, transport: "TCP")
        }
        guard !response.isTruncated else { throw .truncatedOverTCP }
        return response
    }

    private func readExactly(_ socketFD: Int32, _ count: Int, until deadline: ContinuousClock.Instant) throws(DNSTransportError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress! + got, count - got, 0) }
            if n > 0 { got += n; continue }
            if n == 0 { throw .connectionClosed(received: got, expected: count) }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK {
                guard try waitFor(socketFD, events: Int16(POLLIN), until: deadline) else {
                    throw .timedOut(tries: 1, timeout: timeout)
                }
                continue
            }
            if e == ECONNRESET || e == ECONNREFUSED { throw .connectionRefused(transport: "TCP") }
            throw .system(call: "recv", errno: e)
        }
        return out
    }
}

// MARK: - Helpers

/// Waits with poll() until `socketFD` is ready for `events` (true) or `deadline` passes (false).
/// Error and hang-up conditions count as ready: the next call on the socket reports them.
private func waitFor(_ socketFD: Int32, events: Int16, until deadline: ContinuousClock.Instant) throws(DNSTransportError) -> Bool {
    while true {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return false }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = min(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000, Int64(Int32.max))
        var descriptor = pollfd(fd: socketFD, events: events, revents: 0)
        let rc = poll(&descriptor, 1, Int32(max(milliseconds, 1)))
        if rc < 0 {
            if errno == EINTR { continue }
            throw .system(call: "poll", errno: errno)
        }
        if rc > 0 { return true }
    }
}

#if canImport(Glibc) || canImport(Musl)
private let datagramSocketType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
private let streamSocketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
private func disableSIGPIPE(_ socketFD: Int32) {}
#else
private let datagramSocketType = SOCK_DGRAM
private let streamSocketType = SOCK_STREAM
private let sendFlags: Int32 = 0
private func disableSIGPIPE(_ socketFD: Int32) {
    var on: Int32 = 1
    _ = setsockopt(socketFD, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
}
#endif

/// A small text file's contents (at most 64 KiB are read).
private func readSmallFile(_ path: String) throws(DNSResolverConfigurationError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .unreadable(path, errno) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 65_536 {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw .unreadable(path, errno)
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes.prefix(65_536), as: UTF8.self)
}

private func errnoText(_ e: Int32) -> String {
    guard let text = strerror(e) else { return "errno \(e)" }
    return "\(String(cString: text)) (errno \(e))"
}

private func seconds(_ d: Duration) -> String {
    let (s, atto) = d.components
    let ms = s * 1000 + atto / 1_000_000_000_000_000
    return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
}
