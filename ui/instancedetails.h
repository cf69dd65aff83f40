#pragma once

#include "instance.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QStackedWidget;
class QTableWidget;

/*!
 * The browser's detail pane: one instance (header, identity, labels,
 * metadata, endpoints, lease, raw JSON), an overview of a service's
 * instances side by side, or a hint when nothing is selected.
 *
 * Everything shown is selectable; the tables copy selected cells as
 * tab-separated text (Ctrl+C, context menu), labels and metadata also as
 * key=value lines. Lease countdowns use the server's clock and refresh
 * every second while the pane is visible. Never touches the network.
 */
class InstanceDetails : public QWidget
{
    Q_OBJECT

public:
    //! On serviceTable items: true when the cell differs from its row's most common value.
    static constexpr int DiffersRole = Qt::UserRole + 1;

    explicit InstanceDetails(QWidget *parent = nullptr);

    /*!
     * Shows \a instance; \a changeRevision is the registry revision of its
     * last change. Showing the same instance again (an update) keeps the
     * scroll position and the selection in tables whose content is unchanged.
     */
    void showInstance(const stellmap::Instance &instance, quint64 changeRevision);
    //! Compares \a instances of one service: labels, zone and endpoints side by side.
    void showService(const QList<stellmap::Instance> &instances);
    //! Shows the "select an instance" hint.
    void clear();
    //! Shows \a note instead of an instance (e.g. that the one shown is gone).
    void showNote(const QString &note);

    //! Server clock minus local clock; lease times are judged by the server's clock.
    void setServerClockOffsetMs(qint64 offsetMs);
    qint64 serverClockOffsetMs() const { return m_clockOffsetMs; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *createEmptyPage();
    QWidget *createInstancePage();
    QWidget *createServicePage();
    QTableWidget *createTable(const QString &objectName, const QStringList &headers,
                              bool keyValueCopy);

    void fillStringMap(QTableWidget *table, QLabel *emptyLabel, const stellmap::StringMap &map);
    void fillEndpoints(const QList<stellmap::Endpoint> &endpoints);
    void updateLease();
    void updateTimer();

    qint64 serverNowUnix() const;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_hint = nullptr;
    QWidget *m_emptyPage = nullptr;
    QWidget *m_instancePage = nullptr;
    QWidget *m_servicePage = nullptr;
    QScrollArea *m_instanceScroll = nullptr;

    QLabel *m_instanceIdLabel = nullptr;
    QLabel *m_serviceLabel = nullptr;
    QLabel *m_namespaceLabel = nullptr;
    QLabel *m_watchWarning = nullptr;
    QFormLayout *m_identityForm = nullptr;
    QList<QLabel *> m_partLabels; // organization .. role
    QLabel *m_plainServiceNote = nullptr;
    QLabel *m_zoneLabel = nullptr;
    QTableWidget *m_labelsTable = nullptr;
    QLabel *m_noLabels = nullptr;
    QTableWidget *m_metadataTable = nullptr;
    QLabel *m_noMetadata = nullptr;
    QTableWidget *m_endpointsTable = nullptr;
    QLabel *m_noEndpoints = nullptr;
    QLabel *m_ttlLabel = nullptr;
    QLabel *m_registeredLabel = nullptr;
    QLabel *m_heartbeatLabel = nullptr;
    QLabel *m_leaseLabel = nullptr;
    QLabel *m_revisionLabel = nullptr;
    QPlainTextEdit *m_rawJson = nullptr;

    QLabel *m_serviceTitle = nullptr;
    QTableWidget *m_serviceTable = nullptr;

    std::optional<stellmap::Instance> m_instance;
    qint64 m_clockOffsetMs = 0;
    QTimer m_leaseTimer;
};
