import Foundation

/// The section headings Intake recognises, by kind. Matching ignores case, a trailing colon and
/// surrounding punctuation; a heading also matches when it starts with one of these phrases
/// ("Responsibilities of the role").
enum SectionVocabulary {
    /// Kind, phrases. Order matters: the first kind whose phrase matches wins, so the more
    /// specific phrases ("preferred qualifications") come before the general ones ("qualifications").
    static let kinds: [(kind: String, phrases: [String])] = [
        (
            "preferred_qualifications",
            [
                "preferred qualifications", "preferred skills", "preferred experience", "nice to have",
                "nice-to-have", "bonus points", "desired qualifications", "desired skills", "pluses",
                "it would be great if", "preferred", "good to have",
            ]
        ),
        (
            "job_board",
            [
                "ai hiring overview", "the ai job market today", "frequently asked questions",
                "compensation benchmarks", "location context", "career path", "what to expect in interviews",
                "what the work looks like", "salary context", "get weekly ai career intelligence",
                "similar jobs", "related jobs", "more jobs like this", "share this job",
            ]
        ),
        (
            "skills",
            [
                "skills & technologies", "skills and technologies", "technology stack", "tech stack",
                "technical skills", "key skills", "skills", "most relevant skills", "other relevant skills",
                "tools and technologies", "technologies",
            ]
        ),
        (
            "qualifications",
            [
                "required skills and qualifications", "basic qualifications", "minimum qualifications",
                "required qualifications", "qualifications", "requirements", "what we are looking for",
                "what we're looking for", "what you bring", "what you'll bring", "what you will bring",
                "who you are", "about you", "skills and experience", "experience and skills", "your profile",
                "the ideal candidate", "ideal candidate", "must have", "must-haves", "you have", "you should have",
                "what you need", "requisitos", "profil", "anforderungen", "ihr profil", "votre profil",
                "profil recherché",
                "compétences", "qualifiche", "requisiti", "perfil", "requisitos del puesto",
            ]
        ),
        (
            "responsibilities",
            [
                "key responsibilities", "responsibilities", "job responsibilities", "duties", "key duties",
                "what you will do", "what you'll do", "what you will be doing", "what you'll be doing",
                "in this role, you will", "in this role you will", "your role", "your responsibilities",
                "your impact", "what the job involves",
                "responsabilidades", "aufgaben", "missions", "ihre aufgaben", "vos missions", "vos tâches",
                "responsabilità", "mansioni", "tus funciones", "funciones",
            ]
        ),
        ("education", ["education", "education requirements", "educational requirements", "academic background"]),
        (
            "benefits",
            [
                "benefits", "what we offer", "our benefits", "perks", "perks and benefits", "salary and benefits",
                "compensation and benefits", "why join us", "why you'll love working here", "what's in it for you",
                "we offer", "beneficios",
            ]
        ),
        (
            "compensation",
            ["compensation", "pay", "salary", "salary range", "pay range", "base pay", "base salary", "remuneration"]
        ),
        ("about_team", ["about the team", "team description", "the team", "our team", "meet the team"]),
        (
            "about_role",
            [
                "about the role", "about this role", "overview of the role", "role overview", "position overview",
                "job overview", "overview", "job description", "description", "the opportunity", "the role",
                "job summary", "position summary", "summary", "role summary", "about the job", "about the position",
                "the position", "a day in the role", "day to day", "day-to-day", "descrizione", "beschreibung",
                "stellenbeschreibung", "description du poste", "descripción", "descrição", "le poste", "die stelle",
            ]
        ),
        (
            "about_company",
            [
                "about us", "about the company", "who we are", "our company", "company overview", "company description",
                "discover your future at", "about", "life at", "über uns", "qui sommes-nous", "chi siamo",
                "quiénes somos", "sobre nosotros", "sobre nós", "our business", "our organization", "our organisation",
            ]
        ),
        ("details", ["role details", "job details", "position details", "job information", "hiring process"]),
        (
            "legal",
            ["equal opportunity", "eeo statement", "diversity and inclusion", "accessibility", "legal notice"]
        ),
    ]

    /// Headings that open a job board's marketing trailer once the posting's own details are over.
    static let trailerOpeners: Set<String> = ["about this role", "what the work looks like", "skills required"]

    /// The kind of a heading, or `nil` when it is not a known heading.
    static func kind(of heading: String) -> String? {
        let key = normalizedKey(heading)
        guard let firstWord = key.split(separator: " ", maxSplits: 1).first else { return nil }
        for (kind, phrase, spaced) in phrasesByFirstWord[String(firstWord)] ?? []
        where key == phrase || (key.hasPrefix(spaced) && Self.isHeadingTail(key.dropFirst(phrase.count))) {
            return kind
        }
        if key.hasSuffix(" ai hiring") { return "job_board" }
        return nil
    }

    /// Every phrase in order, with its kind and with the space that starts a longer heading.
    private static let phrases: [(kind: String, phrase: String, spaced: String)] = kinds.flatMap { kind, phrases in
        phrases.map { (kind, $0, $0 + " ") }
    }

    /// ``phrases`` by their first word, each list in the same order: a heading can only match a
    /// phrase whose first word is its own.
    private static let phrasesByFirstWord: [String: [(kind: String, phrase: String, spaced: String)]] =
        Dictionary(grouping: phrases) { String($0.phrase.split(separator: " ", maxSplits: 1).first ?? "") }

    /// What may follow a known phrase in a longer heading ("About Northbridge", "Responsibilities of
    /// the role"): a few words, no figures.
    private static func isHeadingTail(_ tail: Substring) -> Bool {
        tail.count <= 40 && !tail.contains(where: \.isNumber) && tail.split(separator: " ").count <= 4
            && !["not disclosed", "no", "yes", "n/a"].contains(tail.trimmingCharacters(in: .whitespaces))
    }

    /// Every phrase, for spotting headings glued onto the end of a line ("…)Overview").
    static let gluedCandidates: [String] = [
        "Overview", "Role Details", "Skills & Technologies", "About This Role", "Responsibilities", "Qualifications",
        "Description", "Requirements", "Benefits",
    ]

    /// Lower case, `&` as "and" kept, a trailing colon and edge punctuation removed, spaces collapsed.
    static func normalizedKey(_ heading: String) -> String {
        asciiKey(heading) ?? unicodeKey(heading)
    }

    /// ``normalizedKey(_:)`` character by character.
    static func unicodeKey(_ heading: String) -> String {
        var text = heading.lowercasedFast()
        if text.contains("’") { text = text.replacingOccurrences(of: "’", with: "'") }
        while let last = text.last, ":-–—.*#".contains(last) || last == " " { text.removeLast() }
        while let first = text.first, "-–—*#•".contains(first) || first == " " { text.removeFirst() }
        return text.split(separator: " ").joined(separator: " ")
    }

    /// ``normalizedKey(_:)`` of an ASCII heading, byte by byte (in ASCII every character is one
    /// byte but "\r\n", and neither of its bytes is trimmed); `nil` for any other heading.
    static func asciiKey(_ heading: String) -> String? {
        guard let bytes = ByteScan.asciiLowercased(heading) else { return nil }
        // The ASCII characters of the trimmed sets: ":-.*# " at the end, "-*# " at the start.
        var end = bytes.count
        while end > 0, ":-.*# ".utf8.contains(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end, "-*# ".utf8.contains(bytes[start]) { start += 1 }
        // Words split on spaces, joined by one.
        var key: [UInt8] = []
        key.reserveCapacity(end - start)
        for byte in bytes[start..<end] where byte != UInt8(ascii: " ") || key.last != UInt8(ascii: " ") {
            key.append(byte)
        }
        return String(decoding: key, as: UTF8.self)
    }
}
