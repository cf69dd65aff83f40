#pragma once

#include <QString>

namespace stellmap {

// Bodies of the admin listener's control requests (the server's
// MemberChangeRequestDTO and LeaderTransferRequestDTO).

//! POST /admin/v1/members/add-learner, promote, remove.
struct MemberChangeRequest
{
    quint64 nodeId = 0;
    QString httpAddr;
    QString grpcAddr;
    QString adminAddr;
};

//! POST /admin/v1/leader/transfer.
struct LeaderTransferRequest
{
    quint64 targetNodeId = 0;
};

} // namespace stellmap
