import { Link } from "react-router";
import { useMessages } from "../../i18n/messages.ts";
import { PageHeader } from "../../ui/page.tsx";
import { DirectorySettingsSections } from "./directory-settings-form.tsx";
import { scheduleMessages } from "./schedule-messages.ts";
import { SchedulesSection } from "./schedules-section.tsx";
import { settingsMessages } from "./settings-messages.ts";
import "./settings.css";

/**
 * `/settings`: the LDAP directory (connection, layout, passwords, departed users and safety
 * limits — each section saved on its own) and the current provider's schedules. The audit log
 * of these changes is its own page.
 */
export function SettingsPage() {
  const t = useMessages(settingsMessages);
  const schedules = useMessages(scheduleMessages);
  const sections = [
    { id: "ldap-connection", label: t.connectionTitle },
    { id: "layout", label: t.layoutTitle },
    { id: "passwords", label: t.passwordsTitle },
    { id: "departed-users", label: t.departedTitle },
    { id: "schedules", label: schedules.title },
  ];
  return (
    <>
      <PageHeader
        title={t.title}
        description={t.description}
        actions={
          <Link className="btn btn-secondary" to="/audit">
            {t.auditLink}
          </Link>
        }
      />
      <nav className="settings-nav" aria-label={t.sectionsNav}>
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <DirectorySettingsSections />
      <SchedulesSection />
    </>
  );
}
