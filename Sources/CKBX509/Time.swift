import SwiftASN1

/// A point in time as seconds since 1970-01-01T00:00:00Z (UTC; X.509 has no leap seconds).
public struct X509Time: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// From a civil date and time in UTC.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        secondsSinceEpoch = X509Time.days(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Reads RFC 3339 (`2026-06-01T00:00:00Z`, an offset such as `+02:00`, fractions ignored) or
    /// a count of Unix seconds.
    public init?(parsing text: String) {
        if let seconds = Int64(text) {
            self.init(secondsSinceEpoch: seconds)
            return
        }
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20,
              b[13] == 0x3A, b[16] == 0x3A,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              X509Time.isValid(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        var i = 19
        if b[i] == 0x2E {  // fraction
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b[i] == 0x2B || b[i] == 0x2D, i + 6 == b.count, b[i + 3] == 0x3A,
                  let h = number(i + 1..<i + 3), let m = number(i + 4..<i + 6), h < 24, m < 60 else { return nil }
            offset = (h * 60 + m) * 60 * (b[i] == 0x2B ? 1 : -1)
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        secondsSinceEpoch -= Int64(offset)
    }

    public static func < (a: X509Time, b: X509Time) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// RFC 3339 in UTC.
    public var description: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let rest = Int(secondsSinceEpoch - days * 86_400)
        let (y, m, d) = X509Time.civil(days: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    static func isValid(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Bool {
        guard (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 60 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// RFC 5280 §4.1.2.5: UTCTime `YYMMDDHHMMSSZ` (YY ≥ 50 is 19YY) for years through 2049,
    /// GeneralizedTime `YYYYMMDDHHMMSSZ` (no fractions) from 2050 on.
    static func parse(_ node: ASN1Node, _ path: String) throws -> X509Time {
        let isUTC = node.identifier == .utcTime
        guard isUTC || node.identifier == .generalizedTime, case .primitive(let content) = node.content else {
            throw X509Error(.encoding, "\(path): expected UTCTime or GeneralizedTime")
        }
        let b = Array(content)
        guard b.count == (isUTC ? 13 : 15), b.last == 0x5A, b.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw X509Error(.encoding, "\(path): \(isUTC ? "UTCTime must be YYMMDDHHMMSSZ" : "GeneralizedTime must be YYYYMMDDHHMMSSZ")")
        }
        let digits = b.dropLast().map { Int($0 - 0x30) }
        func pair(_ i: Int) -> Int { digits[i] * 10 + digits[i + 1] }
        var i = 0
        let year: Int
        if isUTC {
            let yy = pair(0)
            year = yy >= 50 ? 1900 + yy : 2000 + yy
            i = 2
        } else {
            year = pair(0) * 100 + pair(2)
            guard year >= 2050 else {
                throw X509Error(.encoding, "\(path): a date before 2050 must be a UTCTime (RFC 5280 4.1.2.5)")
            }
            i = 4
        }
        let (month, day, hour, minute, second) = (pair(i), pair(i + 2), pair(i + 4), pair(i + 6), pair(i + 8))
        guard isValid(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else {
            throw X509Error(.encoding, "\(path): not a valid date and time")
        }
        return X509Time(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
