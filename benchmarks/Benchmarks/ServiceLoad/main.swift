// A service's load, without the network: many requests at once, each a real 12-20 MP photo,
// through ProfileImageProcessor (the async, bounded API a Hummingbird or Vapor handler calls).
// Prints one JSON object: requests, wall time, latency percentiles, busy refusals, peak RSS.
//
//   service-load CORPUS_DIR [--requests 64] [--mode bounded|unbounded]
//
// `bounded` is the processor's defaults (one job per core, 100 MP in flight, 30 s admission
// timeout); `unbounded` lets every request decode at once, as a handler calling the pipeline
// directly from its task would, for comparison.
import Foundation
import ProfileImage

struct Options {
    var corpus = ""
    var requests = 64
    var bounded = true

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--requests": requests = Int(rest.popFirst() ?? "") ?? requests
            case "--mode": bounded = rest.popFirst() != "unbounded"
            default: corpus = argument
            }
        }
    }
}

func peakRSS() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

let options = Options(CommandLine.arguments)
let folder = URL(fileURLWithPath: options.corpus).appendingPathComponent("jpeg")
let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
let decoder = ImageDecoder()
let photos: [[UInt8]] = names.compactMap { name in
    guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
    let bytes = [UInt8](data)
    guard let info = try? decoder.info(bytes), (12_000_000...20_500_000).contains(info.pixelCount) else { return nil }
    return bytes
}
guard !photos.isEmpty else {
    FileHandle.standardError.write(Data("no 12-20 MP JPEGs under \(folder.path): run benchmarks/corpus.sh\n".utf8))
    exit(1)
}
let cores = ProcessInfo.processInfo.activeProcessorCount
let processor = ProfileImageProcessor(
    configuration: options.bounded
        ? .init()
        : .init(threads: options.requests, maxConcurrentJobs: options.requests, maxPixelsInFlight: .max, admissionTimeout: nil))
let baseline = peakRSS()
let started = ContinuousClock.now
let outcomes: [(Duration, Bool)] = await withTaskGroup(of: (Duration, Bool).self) { group in
    for index in 0..<options.requests {
        let photo = photos[index % photos.count]
        group.addTask {
            let start = ContinuousClock.now
            do {
                _ = try await processor.process(photo)
                return (ContinuousClock.now - start, true)
            } catch {
                return (ContinuousClock.now - start, false)
            }
        }
    }
    var outcomes: [(Duration, Bool)] = []
    for await outcome in group { outcomes.append(outcome) }
    return outcomes
}
let wall = ContinuousClock.now - started
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let latencies = outcomes.filter(\.1).map { seconds($0.0) }.sorted()
func percentile(_ p: Double) -> Double {
    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)]
}
let megapixels = photos.map { Double((try? decoder.info($0))?.pixelCount ?? 0) / 1e6 }
let report: [String: Any] = [
    "mode": options.bounded ? "bounded" : "unbounded", "requests": options.requests, "cores": cores,
    "photos": photos.count, "megapixels_min": megapixels.min() ?? 0, "megapixels_max": megapixels.max() ?? 0,
    "succeeded": latencies.count, "refused": outcomes.count - latencies.count,
    "wall_s": seconds(wall), "p50_s": percentile(0.5), "p99_s": percentile(0.99), "max_s": latencies.last ?? 0,
    "peak_rss_mb": Double(peakRSS()) / 1e6, "rss_before_mb": Double(baseline) / 1e6,
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
