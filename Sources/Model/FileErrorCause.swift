import Foundation

/// The innermost reason Foundation gives for a failed file operation (e.g.
/// "Permission denied"), without its wrapping sentence that names the path a second
/// time — readers and writers both put it after the path they name themselves.
package enum FileErrorCause {
    package static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}
