#include "clitestkit.h"

#include <QJsonDocument>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace Crucible::Test {

QJsonObject CliResult::json() const
{
    return QJsonDocument::fromJson(out).object();
}

QStringList cliKeyVariables()
{
    return {u"OPENAI_API_KEY"_s,   u"ANTHROPIC_API_KEY"_s,  u"GEMINI_API_KEY"_s,
            u"GOOGLE_API_KEY"_s,   u"MISTRAL_API_KEY"_s,    u"DEEPSEEK_API_KEY"_s,
            u"GROQ_API_KEY"_s,     u"OPENROUTER_API_KEY"_s, u"OPENAI_COMPATIBLE_API_KEY"_s,
            u"OLLAMA_API_KEY"_s};
}

QProcessEnvironment cliEnvironment(const QList<QPair<QString, QString>> &set)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"http_proxy"_s, u"https_proxy"_s, u"HTTP_PROXY"_s, u"HTTPS_PROXY"_s,
                                u"all_proxy"_s, u"ALL_PROXY"_s})
        env.remove(name);
    for (const QString &name : cliKeyVariables())
        env.remove(name);
    env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
    for (const auto &[name, value] : set)
        env.insert(name, value);
    return env;
}

CliResult runCliAt(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                   const QByteArray &stdinData)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    CliResult r;
    if (!process.waitForStarted(10000))
        return r;
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

} // namespace Crucible::Test
