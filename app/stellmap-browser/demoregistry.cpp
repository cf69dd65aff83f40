#include "demoregistry.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

DemoRegistry::DemoRegistry(QObject *parent)
    : QObject(parent)
{}

DemoRegistry::~DemoRegistry()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
}

QStringList DemoRegistry::namespaces()
{
    return {QStringLiteral("prod"), QStringLiteral("staging"), QStringLiteral("dev")};
}

QString DemoRegistry::binary()
{
    // Next to the browser when installed; in its own directory in a build tree.
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {dir + QStringLiteral("/stellmap-devd"),
                                    dir + QStringLiteral("/../stellmap-devd/stellmap-devd")};
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable()) {
            return candidate;
        }
    }
    return QStandardPaths::findExecutable(QStringLiteral("stellmap-devd"));
}

bool DemoRegistry::start()
{
    const QString program = binary();
    if (program.isEmpty()) {
        m_error = QStringLiteral("stellmap-devd was not found next to the browser or on PATH");
        return false;
    }
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(program,
                    {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--demo"), QStringLiteral("--churn"), QStringLiteral("2")});
    if (!m_process.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
        return false;
    }
    // The first line names the port it picked.
    static const QRegularExpression listening(QStringLiteral("listening on (http://[^\\s]+)"));
    QByteArray output;
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(deadline.remainingTime()))) {
            break;
        }
        output += m_process.readAllStandardOutput();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    m_error =
        QStringLiteral("stellmap-devd did not start: %1").arg(QString::fromUtf8(output).trimmed());
    return false;
}
