#pragma once

#include "directory.h"

#include <QObject>

class InstanceFilterProxy;
class Operations;
class QAction;
class QMenu;
class QTreeView;
class RegistryTreeModel;

/*!
 * The browser's actions on instances: register, duplicate, heartbeat,
 * keep-alive, hard and soft drain, copy as a CLI command, export. They act
 * on the tree's selection (a service row stands for its shown instances),
 * confirm what is destructive, and are all disabled in a read-only profile.
 */
class InstanceActions : public QObject
{
    Q_OBJECT

public:
    enum Kind
    {
        Register,
        Duplicate,
        Heartbeat,
        KeepAlive,
        Drain,
        SoftDrain,
        Undrain,
        CopyCommand,
        Export,
        KindCount
    };

    InstanceActions(Operations *operations, RegistryTreeModel *model, InstanceFilterProxy *proxy,
                    QTreeView *tree, QWidget *window);

    QAction *action(Kind kind) const { return m_actions[kind]; }
    //! The actions that write to the registry.
    QList<QAction *> writeActions() const;
    //! Adds the actions to \a menu in a sensible order, with separators.
    void addTo(QMenu *menu) const;
    //! The selected instances (a selected service row counts as its shown instances).
    QList<stellmap::InstanceRef> selectedRefs() const;
    //! Every instance the filter lets through, in tree order (for export).
    QList<stellmap::Instance> shownInstances() const;
    //! Enables what the selection and the profile allow.
    void updateEnabled();

    //! Writes the shown instances to \a path (CSV when it ends in .csv, else JSON);
    //! how many, or -1 with the reason in \a error.
    qsizetype exportTo(const QString &path, QString *error) const;

Q_SIGNALS:
    //! Something to tell the user in passing (status bar).
    void message(const QString &text);

private:
    QAction *make(Kind kind, const QString &text, const QString &objectName);
    QList<stellmap::Instance> selectedInstances() const;
    void openRegisterDialog(bool duplicate);
    //! Asks before a register replaces the live instance \a ref.
    bool confirmReplace(const stellmap::InstanceRef &ref);
    void confirmDrain();
    void confirmSoftDrain();
    void warnDrainDidNotStick(const stellmap::InstanceRef &ref);
    void exportView();

    Operations *m_operations;
    RegistryTreeModel *m_model;
    InstanceFilterProxy *m_proxy;
    QTreeView *m_tree;
    QWidget *m_window;
    QAction *m_actions[KindCount] = {};
};
