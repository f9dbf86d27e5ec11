; Windows installer for Attend (NSIS 3). Installs the PyInstaller one-folder bundle for the
; current user (no administrator rights), a Start menu shortcut, the xmpp: URI handler and an
; Add/Remove Programs entry; the uninstaller removes exactly those.
;
; Build on Windows after `pyinstaller packaging\attend.spec` (see .github/workflows/installers.yml):
;   makensis /DVERSION=0.1.0 /DPAYLOAD=dist\attend /DICON=build\icons\im.attend.Attend.ico ^
;            /DOUTFILE=dist\Attend-0.1.0-setup.exe packaging\windows\attend.nsi
; On Linux `make nsis-check` compiles it against a dummy payload to check the script.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "define VERSION, e.g. /DVERSION=0.1.0"
!endif
!ifndef PAYLOAD
  !error "define PAYLOAD: the PyInstaller output folder (dist\attend)"
!endif
!ifndef ICON
  !error "define ICON: build\icons\im.attend.Attend.ico (tools/make_icons.py)"
!endif
!ifndef OUTFILE
  !define OUTFILE "Attend-${VERSION}-setup.exe"
!endif

!define APP_NAME "Attend"
!define APP_ID "im.attend.Attend"
!define EXE "attend.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define URI_KEY "Software\Classes\xmpp"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later, Attend contributors"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The languages Attend itself speaks; the installer follows the Windows display language.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "Polish"

Section "Attend" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An older version's files go first, so nothing stale stays in _internal.
  RMDir /r "$INSTDIR\_internal"
  File "/oname=${EXE}" "${PAYLOAD}\${EXE}"
  SetOutPath "$INSTDIR\_internal"
  File /r "${PAYLOAD}\_internal\*.*"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; xmpp: links open Attend (RFC 5122); a running Attend gets them from the new launch.
  WriteRegStr HKCU "${URI_KEY}" "" "URL:XMPP address"
  WriteRegStr HKCU "${URI_KEY}" "URL Protocol" ""
  WriteRegStr HKCU "${URI_KEY}\DefaultIcon" "" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${URI_KEY}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Attend contributors"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: never the whole folder, which the user may have chosen.
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir /r "$INSTDIR\_internal"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"

  ; The URI handler only if it is still ours (another client may have taken it since).
  ReadRegStr $0 HKCU "${URI_KEY}\shell\open\command" ""
  ${If} $0 == '"$INSTDIR\${EXE}" "%1"'
    DeleteRegKey HKCU "${URI_KEY}"
  ${EndIf}
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
