#pragma once

#include "profile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ProfileDialog;
}

//! Creates or edits a connection profile, checking it as the user types.
class ProfileDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProfileDialog(const Profile &profile, QWidget *parent = nullptr);
    ~ProfileDialog() override;

    Profile profile() const;

private:
    void validate();

    std::unique_ptr<Ui::ProfileDialog> m_ui;
};
