/// The messages of an mbox file (RFC 4155), read as the mboxrd variant.
///
/// An mbox is messages one after another, each starting with a separator line `From ` (the
/// envelope sender and a date, written by the delivery agent) and, by convention, ending with
/// an empty line that the agent added. Body lines that begin with `From ` were quoted as
/// `>From ` on the way in. Reading:
///
/// - a file is an mbox when it starts with `From ` and that line is not a header field (the
///   obsolete RFC 5322 syntax allows `From :`, with spaces before the colon);
/// - a separator is any line that starts with `From ` and is not that header syntax (every
///   writer quotes such body lines, so one left unquoted is a separator);
/// - each message is the lines after its separator up to the next one, less the one empty line
///   that precedes that separator (or the end of the file);
/// - mboxrd unquoting: a line of one or more `>` followed by `From ` loses one `>`. Files
///   written as mboxo (which quotes `From ` but not `>From `) read the same, except a body line
///   that already began with `>From `: no reader can tell those apart.
///
/// Line ends are kept as they are (LF or CRLF); ``DKIMMessage`` reads bare LFs as CRLF. The
/// messages are never longer than the file, so memory is bounded by the input.
public enum Mbox {
    /// Whether `bytes` look like an mbox rather than one message.
    public static func isMbox(_ bytes: some Collection<UInt8>) -> Bool {
        var i = bytes.startIndex
        for c in "From ".utf8 {
            guard i != bytes.endIndex, bytes[i] == c else { return false }
            i = bytes.index(after: i)
        }
        // `From` then spaces or tabs then a colon is the obsolete header syntax, not a separator.
        while i != bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 { i = bytes.index(after: i) }
        return i == bytes.endIndex || bytes[i] != UInt8(ascii: ":")
    }

    /// The messages of an mbox, in order; `[bytes]` when `bytes` is not an mbox.
    public static func messages(_ bytes: some Collection<UInt8>) -> [[UInt8]] {
        let data = Array(bytes)
        guard isMbox(data) else { return [data] }
        var messages: [[UInt8]] = []
        var current: [UInt8] = []
        var started = false
        // The line just read was empty and is held back: it belongs to the message only when
        // another line of the message follows.
        var pendingEmpty: [UInt8]? = nil
        var start = 0
        while start < data.count {
            var end = start
            while end < data.count, data[end] != 0x0A { end += 1 }
            let next = end < data.count ? end + 1 : end
            let line = data[start..<next]  // with its line end
            let content = data[start..<end]
            if isMbox(content) {  // a separator: `From `, not the obsolete `From :` field
                if started { messages.append(current) }
                current = []
                pendingEmpty = nil
                started = true
            } else {
                if let empty = pendingEmpty {
                    current += empty
                    pendingEmpty = nil
                }
                let isEmpty = content.isEmpty || (content.count == 1 && content.last == 0x0D)
                if isEmpty {
                    pendingEmpty = Array(line)
                } else {
                    var gt = content.startIndex
                    while gt < content.endIndex, content[gt] == UInt8(ascii: ">") { gt += 1 }
                    if gt > content.startIndex, startsWithFrom(content, at: gt) {
                        current += line.dropFirst()
                    } else {
                        current += line
                    }
                }
            }
            start = next
        }
        if started { messages.append(current) }
        return messages
    }

    static func startsWithFrom(_ line: ArraySlice<UInt8>, at index: Int) -> Bool {
        let from: [UInt8] = [0x46, 0x72, 0x6F, 0x6D, 0x20]  // "From "
        guard line.endIndex - index >= from.count else { return false }
        for k in 0..<from.count where line[index + k] != from[k] { return false }
        return true
    }
}
