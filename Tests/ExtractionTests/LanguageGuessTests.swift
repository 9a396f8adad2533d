@testable import ComparisonExtraction
import Testing

/// Issue 17, point 9: a document without `lang` that is mostly written in another script than Latin
/// gets that script's language; otherwise it has none and pages use the site's.
@Suite struct LanguageGuessTests {
    @Test(arguments: [
        ("# PostgreSQL と MySQL の違い\n\nどちらもリレーショナルデータベースです。`SELECT` 文は同じです。\n", "ja"),
        ("# PostgreSQL와 MySQL의 차이점\n\n두 데이터베이스 모두 관계형입니다. `SELECT` 문은 같습니다.\n", "ko"),
        ("# PostgreSQL 与 MySQL 的区别\n\n两者都是关系型数据库。`SELECT` 语句相同。\n", "zh"),
        ("# Различия между PostgreSQL и MySQL\n\nОбе базы данных реляционные и поддерживают транзакции.\n", "ru"),
        ("# Διαφορές μεταξύ PostgreSQL και MySQL\n\nΚαι οι δύο βάσεις δεδομένων είναι σχεσιακές.\n", "el"),
    ])
    func scriptGivesTheLanguage(markdown: String, expected: String) throws {
        #expect(try document(markdown).language == expected)
    }

    @Test func latinTextAndCodeHeavyPagesKeepTheSiteLanguage() throws {
        #expect(try document("# Différences entre SQLite et DuckDB\n\nDeux bases embarquées.\n").language == nil)
        // A few Japanese words in an English page do not make it Japanese.
        #expect(try document("# Tokyo guide\n\nThe word 東京 means eastern capital; this page is in English.\n").language == nil)
    }

    @Test func frontMatterLangWins() throws {
        #expect(try document("---\nlang: en\n---\n# 東京とは\n\n日本の首都です。\n").language == "en")
    }
}
