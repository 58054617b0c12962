import FuzzDriver
import Foundation

/// Runs libFuzzer over `harness` with this process's arguments (`-max_total_time=60 corpus/` and
/// the rest of libFuzzer's flags), and exits with its status.
public func runFuzzer(_ harness: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var count = Int32(CommandLine.arguments.count)
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&count, &arguments, harness))
}
