; Inno Setup 6 script: the Windows installer for the PyInstaller folder dist\acubiz-export.
; Built by `uv run python packaging\build.py --installer` (which passes the version from the
; package metadata), or by hand:
;   iscc /DAppVersion=0.1.0 packaging\windows\acubiz-export.iss
; → dist\acubiz-export-<version>-setup.exe
;
; Installs per user by default (no administrator needed) into %LOCALAPPDATA%\Programs; an
; administrator may choose "for all users" instead. Start-menu entry for the setup wizard, an
; optional desktop icon, and an optional "start at login" task that writes the same per-user Run
; value as the tray's own "Start at login" (wizard/ui/autostart.py), so either can turn it off.
; Uninstalling removes the program and that Run value, never the settings, history or logs.

#define AppName "Acubiz e-conomic Export"
#define AppExe "acubiz-export-gui.exe"
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\acubiz-export"
#endif

[Setup]
AppId={{6F1C2E7A-3B8D-4E55-9A41-5C0D2B7E9F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Acubiz
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=acubiz-export-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; A running tray holds its files: let the Restart Manager close it before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "da"; MessagesFile: "compiler:Languages\Danish.isl"

[CustomMessages]
en.StartAtLogin=Start the exporter in the system tray when I log in (recommended)
da.StartAtLogin=Start eksporten i systembakken, når jeg logger på (anbefales)
en.StartGroup=Daily transfer:
da.StartGroup=Daglig overførsel:

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; GroupDescription: "{cm:StartGroup}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; acubiz-export-gui.exe is the windowed twin of acubiz-export.exe (no console window).
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "setup"; Comment: "Set up the daily export to e-conomic"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "setup"; Tasks: desktopicon

[Registry]
; The value name and form match wizard/ui/autostart.py (APP_NAME, "<exe> tray").
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"" tray"; Tasks: startatlogin; Flags: uninsdeletevalue
; The tray's own "Start at login" may have written it too: remove it on uninstall in any case.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: none; ValueName: "{#AppName}"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "setup"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Stop a running tray (either program) so its files can be removed.
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM {#AppExe} /IM acubiz-export.exe"; Flags: runhidden; RunOnceId: "StopTray"
