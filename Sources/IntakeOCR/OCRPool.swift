internal import CTesseract
import Dispatch
public import IntakeCore
import Synchronization

/// N page readers (each a Tesseract engine, loaded once and reused), fed page by page.
///
/// Every page of every document goes through one pool, so one long scanned PDF keeps all N
/// engines busy and so do many one-page files. ``submit(_:)`` waits until an engine is free
/// before it takes the page: a document worker holds at most the one page it rendered while it
/// waits, so memory stays bounded (N pages being read, one waiting per worker) however long
/// the backlog is.
///
/// Each engine runs on its own serial dispatch queue, never on Swift's cooperative pool, since
/// a page takes seconds. Set `OMP_THREAD_LIMIT=1` before Tesseract is loaded (the `intake`
/// executable does): Debian's Tesseract is built with OpenMP, and one engine per core is the
/// parallelism this pool provides.
public final class OCRPool: Sendable {
    /// The number of engines.
    public let size: Int
    /// The resident size over which free memory is given back (``Memory/budget(engines:)``).
    public let memoryBudget: Int
    private let options: ExtractionOptions
    private let slots: [Slot]
    private let admission: Admission
    /// The dictionary test's word list.
    private let dictionary: LanguageDictionary
    /// Words the dictionary test has looked up, and whether the dictionary has them. Even with
    /// the model's graphs read natively, a remembered verdict is cheaper than walking them
    /// again (60 bench text PDFs: about 0.1 s less user time with it).
    private let knownWords = Mutex<[String: Bool]>([:])
    /// The orientation detection engine (`osd`, legacy mode), shared by the slots.
    private let orientation: SharedEngine?
    /// Held while a worker makes a page image (``rasterizing(_:)``).
    private let rasterGate = Mutex<Void>(())

    /// Creates a pool; each engine is loaded when its first page arrives.
    ///
    /// - Parameters:
    ///   - size: The number of engines (at least 1).
    ///   - options: The languages, tessdata folder and preprocessing every page is read with.
    public init(size: Int, options: ExtractionOptions) {
        let size = max(1, size)
        Memory.prefaultPageImages()
        self.size = size
        let budget = Memory.budget(engines: size)
        self.memoryBudget = budget
        self.options = options
        self.slots = (0..<size).map { Slot(index: $0, memoryBudget: budget) }
        self.admission = Admission(slots: size)
        self.dictionary = LanguageDictionary(languages: options.languages, tessdataPath: options.tessdataPath)
        self.orientation =
            options.preprocessing.rotate
            ? SharedEngine(languages: ["osd"], tessdataPath: options.tessdataPath, mode: OEM_TESSERACT_ONLY) : nil
    }

    /// The engines reading a page now (at most ``size``).
    public var busyEngines: Int {
        get async { await admission.busy }
    }

    /// Hands a page image to the next free engine, waiting while all are busy.
    ///
    /// - Parameter deadline: When the page's document runs out of time (`nil`: never); a page
    ///   whose engine frees up after it is not read, and its reading fails with `timeout`.
    /// - Returns: A ticket for the reading, which goes on while the caller prepares its next page.
    public func submit(_ image: sending OCRImage, deadline: ContinuousClock.Instant? = nil) async -> PageTicket {
        let index = await admission.acquire()
        let slot = slots[index]
        let handoff = Handoff(value: image)
        let options = self.options
        let orientation = self.orientation
        let task = Task.detached { [admission] () -> Result<PageReading, IntakeError> in
            let result = await withCheckedContinuation { continuation in
                slot.queue.async {
                    continuation.resume(
                        returning: slot.read(handoff.value, options, orientation: orientation, deadline: deadline)
                    )
                }
            }
            await admission.release(index)
            return result
        }
        return PageTicket(task: task)
    }

    /// Runs `body`, which renders or decodes a page image, while no other worker does.
    ///
    /// Making a page image takes far more memory for a moment than the image it leaves: a
    /// 300 dpi page renders onto a 34 MB colour surface beside Poppler's decoded scan, and a
    /// colour JPEG decodes to 35 MB before it is made gray. Two workers doing that at once set
    /// the whole run's peak (a 150 MB spike over the bench corpus); one at a time, a worker
    /// waits a fraction of a second while the engines, which take seconds a page, stay busy.
    /// Blocks the caller's thread: call it from a worker's own queue, not the cooperative pool.
    public func rasterizing<Image, Failure: Error>(
        _ body: () throws(Failure) -> sending Image
    ) throws(Failure) -> sending Image {
        try rasterGate.withLock { _ throws(Failure) -> sending Image in try body() }
    }

    /// The share of `words` in the OCR languages' dictionaries, from at most the first
    /// ``dictionarySample`` of them.
    ///
    /// - Throws: ``IntakeError`` when the language models cannot be loaded.
    public func dictionaryRatio(of words: [String]) throws(IntakeError) -> Double {
        let sample = words.prefix(Self.dictionarySample)
        guard !sample.isEmpty else { return 1 }
        // Most words of a batch recur ("the", "data", "experience"): each is looked up once.
        let distinct = Set(sample)
        var verdicts = knownWords.withLock { cache in
            distinct.reduce(into: [String: Bool]()) { verdicts, word in verdicts[word] = cache[word] }
        }
        let unseen = distinct.subtracting(verdicts.keys)
        if !unseen.isEmpty {
            let found = try dictionary.verdicts(for: unseen)
            verdicts.merge(found) { cached, _ in cached }
            knownWords.withLock { cache in
                guard cache.count < Self.knownWordLimit else { return }
                cache.merge(found) { cached, _ in cached }
            }
        }
        let known = sample.count { verdicts[$0] == true }
        return Double(known) / Double(sample.count)
    }

    /// The most words the dictionary test remembers (a few MB).
    static let knownWordLimit = 50_000

    /// The most words of a page the dictionary test looks up: enough for a share to two
    /// decimals, few enough that a long page costs well under a millisecond.
    public static let dictionarySample = TextLayerRule.letterWordLimit
}

/// A reading in progress.
public struct PageTicket: Sendable {
    let task: Task<Result<PageReading, IntakeError>, Never>

    /// Waits for the reading.
    ///
    /// - Throws: ``IntakeError`` from loading the engine or from recognition.
    public func reading() async throws(IntakeError) -> PageReading {
        try await task.value.get()
    }
}

/// One engine and the queue it runs on.
private final class Slot: @unchecked Sendable {
    // @unchecked: `reader` is only touched on `queue`.
    let queue: DispatchQueue
    let index: Int
    let memoryBudget: Int
    private var reader: PageReader?

    init(index: Int, memoryBudget: Int) {
        self.index = index
        self.memoryBudget = memoryBudget
        queue = DispatchQueue(label: "intake.ocr.\(index)")
    }

    func read(
        _ image: OCRImage,
        _ options: ExtractionOptions,
        orientation: SharedEngine?,
        deadline: ContinuousClock.Instant?
    ) -> Result<PageReading, IntakeError> {
        dispatchPrecondition(condition: .onQueue(queue))
        do throws(IntakeError) {
            // A failed load is tried again on the next page: the fix (installing a language) needs no restart.
            if reader == nil { reader = try PageReader(options: options) }
            var reading = try reader!.read(image, orientation: orientation, deadline: deadline)
            reading.engine = index
            Memory.trimIfOver(memoryBudget)
            return .success(reading)
        } catch {
            return .failure(error)
        }
    }
}

/// Free engines, and the submitters waiting for one (first come, first served).
private actor Admission {
    private var free: [Int]
    private var waiting: [CheckedContinuation<Int, Never>] = []

    private let slots: Int

    init(slots: Int) {
        self.slots = slots
        free = Array((0..<slots).reversed())
    }

    var busy: Int { slots - free.count }

    func acquire() async -> Int {
        if let slot = free.popLast() { return slot }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func release(_ slot: Int) {
        if waiting.isEmpty {
            free.append(slot)
        } else {
            waiting.removeFirst().resume(returning: slot)
        }
    }
}

/// A value handed from one thread to another: the sender gave it up (`sending`), so only one
/// side ever touches it.
private struct Handoff<Value>: @unchecked Sendable {
    let value: Value
}
