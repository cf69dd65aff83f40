#pragma once

#include "devdprocess.h"
#include "operations.h"
#include "registerrequest.h"
#include "workspace.h"

#include <memory>

namespace stellmap {
class StellMapReply;
}

/*!
 * What the write-side tests act on: a real stellmap-devd, the browser's
 * Workspace watching one namespace of it, and the Operations of a profile.
 * Instances are registered "by their agent" straight through the client.
 */
class LiveWorkspace
{
public:
    static QString namespaceName() { return QStringLiteral("prod"); }
    static QString service() { return QStringLiteral("company.trade.order.order-center.api"); }
    //! An instance of service(): zone az1, label color, metadata, one endpoint, 600 s lease.
    static stellmap::RegisterRequest instanceRequest(const QString &id,
                                                     const QString &color = QStringLiteral("gray"));
    static stellmap::InstanceRef refOf(const QString &id);
    //! Waits for \a reply; true when it succeeded.
    static bool finishedOk(stellmap::StellMapReply *reply);

    /*!
     * Starts devd and makes the workspace and the operations of a profile
     * with these marks, not yet connected (a window may attach first).
     */
    bool prepare(bool readOnly = false, bool production = false);
    //! Connects the workspace and waits until its stream is live.
    bool goLive();
    bool start(bool readOnly = false) { return prepare(readOnly) && goLive(); }

    bool agentRegisters(const stellmap::RegisterRequest &request);
    //! The instance as the workspace's directory has it, or nullptr.
    std::optional<stellmap::Instance> shown(const QString &id) const;

    DevdProcess devd;
    Profile profile;
    std::unique_ptr<Workspace> workspace;
    std::unique_ptr<Operations> operations;
};
