; NTM Desktop — Windows installer (NSIS 3, Unicode).
;
; Installs the one-folder bundle built by PyInstaller (installer/ntm.spec):
;   - per user, without administrator rights (default: %LOCALAPPDATA%\Programs\NTM Desktop),
;     or per machine (C:\Program Files\NTM Desktop) when run by an administrator;
;     on the command line: /CurrentUser or /AllUsers, and /S for a silent install;
;   - a Start-menu entry, the installer in Vietnamese (English as a second language);
;   - .ntmpkg files open in NTM Desktop, which shows the import preview;
;   - an uninstaller that removes the program and keeps the user's data (databases,
;     backups, logs, settings in %LOCALAPPDATA%\NTM Desktop and the registry).
;
; Build (see docs/installer.md):  makensis /DVERSION=0.1.0 installer\windows\ntm-desktop.nsi
;   /DSOURCE=dir  the bundle (default ..\dist\NTM Desktop, relative to this file)
;   /DICON=file   the icon (default ..\build\ntm.ico, drawn by installer\make_icon.py)
;   /DOUTFILE=f   the installer to write (default ..\dist\NTM-Desktop-Setup-VERSION.exe)

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!define /IfNDef VERSION "0.1.0"
!define /IfNDef SOURCE "../dist/NTM Desktop"
!define /IfNDef ICON "../build/ntm.ico"
!define /IfNDef OUTFILE "../dist/NTM-Desktop-Setup-${VERSION}.exe"
!define APP_NAME "NTM Desktop"
!define APP_EXE "NTMDesktop.exe"
!define CLI_EXE "ntm.exe"
!define PUBLISHER "NTM Desktop"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\NTMDesktop"
!define SETTINGS_KEY "Software\NTM Desktop\Installer"
!define PROGID "NTMDesktop.Package"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} — Nông thôn mới"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

; -- per user or per machine -------------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest          ; a standard user installs without UAC
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE          ; /AllUsers, /CurrentUser
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"  ; %LOCALAPPDATA%\Programs\… or Program Files\…
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT "HKCU"  ; the uninstaller speaks the language chosen here
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

; Vietnamese first: the default language of the installer and the uninstaller
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString RunNow ${LANG_VIETNAMESE} "Mở NTM Desktop ngay"
LangString RunNow ${LANG_ENGLISH} "Start NTM Desktop now"
LangString PackageType ${LANG_VIETNAMESE} "Gói dữ liệu NTM (USB)"
LangString PackageType ${LANG_ENGLISH} "NTM data package (USB)"
LangString ShortcutComment ${LANG_VIETNAMESE} "Theo dõi tiêu chí nông thôn mới"
LangString ShortcutComment ${LANG_ENGLISH} "New Rural Development criteria"
LangString CliComment ${LANG_VIETNAMESE} "Dòng lệnh ntm (dành cho cán bộ tin học)"
LangString CliComment ${LANG_ENGLISH} "The ntm command line (for IT staff)"
; $1: the user's own %LOCALAPPDATA% (a per-machine uninstall runs with the all-users folders)
; a backslash ends a line that goes on: inside quotes, the next line (from its first column) is the rest
LangString DataKept ${LANG_VIETNAMESE} "Chương trình đã được gỡ. Dữ liệu của bạn (cơ sở dữ liệu, bản sao lưu, \
nhật ký) vẫn được giữ nguyên trong:$\r$\n$1\${APP_NAME}"
LangString DataKept ${LANG_ENGLISH} "The program was removed. Your data (databases, backups, logs) is kept in:\
$\r$\n$1\${APP_NAME}"
LangString Needs64 ${LANG_VIETNAMESE} "NTM Desktop cần Windows 64 bit (Windows 10 trở lên)."
LangString Needs64 ${LANG_ENGLISH} "NTM Desktop needs 64-bit Windows (Windows 10 or later)."
LangString StillRunning ${LANG_VIETNAMESE} "NTM Desktop đang chạy. Hãy đóng chương trình rồi bấm Thử lại."
LangString StillRunning ${LANG_ENGLISH} "NTM Desktop is running. Close it, then press Retry."

Function .onInit
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}  ; Vietnamese is offered first, whatever Windows speaks
  !insertmacro MUI_LANGDLL_DISPLAY
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(Needs64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

; The program must not be running while its files are replaced or removed.
!macro CHECK_NOT_RUNNING
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
      ${Break}
    ${EndIf}
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a  ; a running program's file cannot be opened for writing
    ${IfNot} ${Errors}
      FileClose $0
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY +2
    Abort
  ${Loop}
!macroend

Section "!${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  !insertmacro CHECK_NOT_RUNNING
  ; an upgrade: the previous version's libraries go first (user data is never in here)
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  File /r "${SOURCE}/*.*"
  ; a portable.ini copied along by mistake would send the data into the program folder
  Delete "$INSTDIR\portable.ini"

  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu (this user's, or all users' for a per-machine install)
  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" \
      "$(ShortcutComment)"
  CreateShortCut "$SMPROGRAMS\${APP_NAME} (ntm).lnk" "$SYSDIR\cmd.exe" '/K cd /d "$INSTDIR" && ntm --help' \
      "$INSTDIR\${CLI_EXE}" 0 SW_SHOWNORMAL "" "$(CliComment)"

  ; .ntmpkg opens the import preview: NTMDesktop.exe "path\to\file.ntmpkg"
  WriteRegStr SHCTX "Software\Classes\.ntmpkg" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.ntmpkg\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(PackageType)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED

  ; Apps & features
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${APP_EXE}",0'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  !insertmacro CHECK_NOT_RUNNING
  ; only what the installer put here: the user's data lives elsewhere and stays
  RMDir /r /REBOOTOK "$INSTDIR\_internal"
  Delete /REBOOTOK "$INSTDIR\${APP_EXE}"
  Delete /REBOOTOK "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty (a data\ folder of a portable use stays)

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME} (ntm).lnk"

  ReadRegStr $0 SHCTX "Software\Classes\.ntmpkg" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\.ntmpkg"
  ${Else}
    DeleteRegValue SHCTX "Software\Classes\.ntmpkg\OpenWithProgids" "${PROGID}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
  ; HKCU\Software\NTM Desktop\NTM Desktop (the window's settings) is the user's: kept

  ReadEnvStr $1 LOCALAPPDATA
  MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
SectionEnd
