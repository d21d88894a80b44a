#include <QTest>

#include "engine/retrypolicy.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ProviderError errorOf(ErrorClass c, std::optional<double> retryAfterSeconds = std::nullopt)
{
    ProviderError e;
    e.errorClass = c;
    e.message = u"test"_s;
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoffSequence_data()
    {
        QTest::addColumn<int>("retry");
        QTest::addColumn<double>("random01");
        QTest::addColumn<int>("expected");
        // base 1000 × 2^(r-1), capped at 30000, then × (0.8 + 0.4 · random01), rounded.
        QTest::newRow("r1-low") << 1 << 0.0 << 800;
        QTest::newRow("r1-mid") << 1 << 0.5 << 1000;
        QTest::newRow("r1-high") << 1 << 0.999 << 1200;    // 1199.6
        QTest::newRow("r2-low") << 2 << 0.0 << 1600;
        QTest::newRow("r2-mid") << 2 << 0.5 << 2000;
        QTest::newRow("r2-high") << 2 << 0.999 << 2399;    // 2399.2
        QTest::newRow("r3-mid") << 3 << 0.5 << 4000;
        QTest::newRow("r3-high") << 3 << 0.999 << 4798;    // 4798.4
        QTest::newRow("r5-mid") << 5 << 0.5 << 16000;
        QTest::newRow("r6-capped-low") << 6 << 0.0 << 24000; // 32000 → 30000
        QTest::newRow("r6-capped-mid") << 6 << 0.5 << 30000;
        QTest::newRow("r6-capped-high") << 6 << 0.999 << 35988; // 30000 × 1.1996
        QTest::newRow("r10-capped-mid") << 10 << 0.5 << 30000;
    }
    void backoffSequence()
    {
        QFETCH(int, retry);
        QFETCH(double, random01);
        QFETCH(int, expected);
        RetryPolicy p;
        p.maxRetries = 10;
        const auto d = p.delayBeforeRetry(retry, errorOf(ErrorClass::Server), random01);
        QVERIFY(d.has_value());
        QCOMPARE(*d, expected);
    }

    void noJitter()
    {
        RetryPolicy p;
        p.jitter = 0.0;
        p.baseDelayMs = 250;
        p.multiplier = 3.0;
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::Network), 0.0), 250);
        QCOMPARE(*p.delayBeforeRetry(2, errorOf(ErrorClass::Network), 0.999), 750);
    }

    void retryAfterWins()
    {
        RetryPolicy p;
        // Server wait 5 s > backoff 1 s: the server's wait, jitter ignored.
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 5.0), 0.0), 5000);
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 5.0), 0.999), 5000);
        // retry-after-ms 150 arrives as 0.15 s: exactly 150 ms, not 151.
        p.baseDelayMs = 10;
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 0.15), 0.5), 150);
        // 0.1504 s rounds up to 151 ms (never shorter than asked).
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 0.1504), 0.5), 151);
    }

    void backoffLongerThanRetryAfter()
    {
        RetryPolicy p;
        // Retry 3: backoff 4000 > server 0.5 s → 4000 without jitter even at random01 0.
        QCOMPARE(*p.delayBeforeRetry(2, errorOf(ErrorClass::Overloaded, 0.5), 0.0), 2000);
        p.maxRetries = 3;
        QCOMPARE(*p.delayBeforeRetry(3, errorOf(ErrorClass::Overloaded, 0.5), 0.0), 4000);
    }

    void retryAfterTooLong()
    {
        RetryPolicy p;
        QVERIFY(!p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 121.0), 0.5));
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 120.0), 0.5), 120000);
        p.maxRetryAfterMs = 1000;
        QVERIFY(!p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 1.001), 0.5));
        // Not honouring the server: plain backoff, no maxRetryAfterMs rule.
        p.honourRetryAfter = false;
        QCOMPARE(*p.delayBeforeRetry(1, errorOf(ErrorClass::RateLimit, 500.0), 0.0), 800);
    }

    void nonRetryable_data()
    {
        QTest::addColumn<int>("errorClass");
        for (ErrorClass c : {ErrorClass::None, ErrorClass::Auth, ErrorClass::Permission, ErrorClass::NotFound,
                             ErrorClass::BadRequest, ErrorClass::ContextLength, ErrorClass::Truncated,
                             ErrorClass::Cancelled, ErrorClass::Malformed}) {
            const QByteArray name = c == ErrorClass::None ? "none" : errorClassName(c).toUtf8();
            QTest::newRow(name.constData()) << int(c);
        }
    }
    void nonRetryable()
    {
        QFETCH(int, errorClass);
        const RetryPolicy p;
        const ProviderError e = errorOf(ErrorClass(errorClass), 1.0);
        QVERIFY(!p.isRetryable(e));
        QVERIFY(!p.delayBeforeRetry(1, e, 0.5));
    }

    void retryableClasses()
    {
        const RetryPolicy p;
        for (ErrorClass c : {ErrorClass::RateLimit, ErrorClass::Overloaded, ErrorClass::Server,
                             ErrorClass::Network, ErrorClass::Timeout})
            QVERIFY2(p.isRetryable(errorOf(c)), qPrintable(errorClassName(c)));
        RetryPolicy custom;
        custom.retryOn = {ErrorClass::Auth};
        QVERIFY(custom.isRetryable(errorOf(ErrorClass::Auth)));
        QVERIFY(!custom.isRetryable(errorOf(ErrorClass::Server)));
        QCOMPARE(*custom.delayBeforeRetry(1, errorOf(ErrorClass::Auth), 0.5), 1000);
    }

    void maxRetries()
    {
        RetryPolicy p; // 2
        QVERIFY(!p.delayBeforeRetry(0, errorOf(ErrorClass::Server), 0.5));
        QVERIFY(p.delayBeforeRetry(1, errorOf(ErrorClass::Server), 0.5));
        QVERIFY(p.delayBeforeRetry(2, errorOf(ErrorClass::Server), 0.5));
        QVERIFY(!p.delayBeforeRetry(3, errorOf(ErrorClass::Server), 0.5));
        p.maxRetries = 0;
        QVERIFY(!p.delayBeforeRetry(1, errorOf(ErrorClass::Server), 0.5));
        p.maxRetries = 50; // normalized to 10
        QVERIFY(p.delayBeforeRetry(10, errorOf(ErrorClass::Server), 0.5));
        QVERIFY(!p.delayBeforeRetry(11, errorOf(ErrorClass::Server), 0.5));
    }

    void normalized()
    {
        RetryPolicy p;
        p.maxRetries = 20;
        p.baseDelayMs = -5;
        p.multiplier = 0.5;
        p.maxDelayMs = 700000;
        p.jitter = 1.5;
        p.maxRetryAfterMs = -1;
        RetryPolicy n = p.normalized();
        QCOMPARE(n.maxRetries, 10);
        QCOMPARE(n.baseDelayMs, 0);
        QCOMPARE(n.multiplier, 1.0);
        QCOMPARE(n.maxDelayMs, 600000);
        QCOMPARE(n.jitter, 1.0);
        QCOMPARE(n.maxRetryAfterMs, 0);

        p = RetryPolicy{};
        p.maxRetries = -3;
        p.baseDelayMs = 5000;
        p.maxDelayMs = 100; // below base → base
        p.jitter = -0.1;
        p.multiplier = 42.0;
        n = p.normalized();
        QCOMPARE(n.maxRetries, 0);
        QCOMPARE(n.maxDelayMs, 5000);
        QCOMPARE(n.jitter, 0.0);
        QCOMPARE(n.multiplier, 10.0);

        // In range: unchanged.
        const RetryPolicy d;
        n = d.normalized();
        QCOMPARE(n.maxRetries, 2);
        QCOMPARE(n.baseDelayMs, 1000);
        QCOMPARE(n.multiplier, 2.0);
        QCOMPARE(n.maxDelayMs, 30000);
        QCOMPARE(n.jitter, 0.2);
        QCOMPARE(n.maxRetryAfterMs, 120000);
        QCOMPARE(n.retryOn, d.retryOn);
    }

    void describe()
    {
        RetryPolicy p;
        QCOMPARE(p.describe(), u"2 retries, 1 s ×2 up to 30 s, ±20 %, honours Retry-After"_s);
        p.maxRetries = 0;
        QCOMPARE(p.describe(), u"no retries"_s);
        p.maxRetries = 1;
        p.baseDelayMs = 500;
        p.multiplier = 1.5;
        p.maxDelayMs = 90000;
        p.jitter = 0.0;
        p.honourRetryAfter = false;
        p.retryAfterOutput = true;
        QCOMPARE(p.describe(), u"1 retry, 500 ms ×1.5 up to 90 s, ignores Retry-After, also after output"_s);
        p = RetryPolicy{};
        p.maxRetries = 3;
        p.baseDelayMs = 1500;
        p.multiplier = 1.0;
        p.jitter = 0.1;
        QCOMPARE(p.describe(), u"3 retries, 1.5 s, ±10 %, honours Retry-After"_s);
        p.maxDelayMs = 120000;
        p.multiplier = 3.0;
        QCOMPARE(p.describe(), u"3 retries, 1.5 s ×3 up to 2 min, ±10 %, honours Retry-After"_s);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
