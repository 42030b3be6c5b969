; The МСОКО setup: a Russian wizard, a per-user install without admin rights, an uninstaller that
; keeps the user's data. installer/build.py runs it as
;   makensis -INPUTCHARSET UTF8 -XTarget amd64-unicode -DVERSION=0.1.0 -DVERSION4=0.1.0.0
;            -DSTAGE=<folder with Python\, pkgs\, msoko.ico, msoko.cmd> -DOUTFILE=<setup.exe> msoko.nsi
; The program's data folder (%LOCALAPPDATA%\MSOKO, desktop/paths.py) is never written or removed here:
; an update replaces only the program's files, and the program migrates the database on its first start
; (after backing it up).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetDateSave off ; files get the install time, so the setup does not depend on build-time file dates

!define APP "МСОКО"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MSOKO"
!define DATA_DIR "$LOCALAPPDATA\MSOKO"
!define PYTHONW "$INSTDIR\Python\pythonw.exe" ; no console window
!define GUI_ARGS "-m desktop.cli.main gui"

Name "${APP}"
Caption "Установка ${APP} ${VERSION}"
UninstallCaption "Удаление ${APP}"
BrandingText "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\MSOKO"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include MUI2.nsh
!include FileFunc.nsh

!define MUI_ICON "${STAGE}\msoko.ico"
!define MUI_UNICON "${STAGE}\msoko.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Программа ${APP} ${VERSION} будет установлена для текущего пользователя, \
права администратора не нужны.$\r$\n$\r$\nБаза данных и резервные копии хранятся отдельно от программы, \
в папке ${DATA_DIR}. При обновлении они сохраняются; при первом запуске новой версии программа \
сама делает резервную копию и обновляет базу.$\r$\n$\r$\nНажмите «Далее», чтобы продолжить."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Запустить ${APP}"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Программа ${APP} будет удалена с компьютера. База данных и резервные \
копии не удаляются: они остаются в папке ${DATA_DIR}."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "Программа ${APP} удалена.$\r$\n$\r$\nБаза данных и резервные копии \
сохранены в папке ${DATA_DIR}. Если они больше не нужны, эту папку можно удалить вручную."
!insertmacro MUI_UNPAGE_FINISH
!insertmacro MUI_LANGUAGE "Russian"

VIProductVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Установка ${APP} ${VERSION}"
VIAddVersionKey "LegalCopyright" "${APP}"

Section "${APP}" SecProgram
  SectionIn RO
  ; An update starts from a clean program folder: no module of the old version is left behind.
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\pkgs"
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "${PYTHONW}" "${GUI_ARGS}" "$INSTDIR\msoko.ico"
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\msoko.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Ярлык на рабочем столе" SecDesktop
  CreateShortCut "$DESKTOP\${APP}.lnk" "${PYTHONW}" "${GUI_ARGS}" "$INSTDIR\msoko.ico"
SectionEnd

Function LaunchApp
  Exec '"${PYTHONW}" ${GUI_ARGS}'
FunctionEnd

; Removes only what the setup put there; the data folder stays.
Section "Uninstall"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\pkgs"
  Delete "$INSTDIR\msoko.ico"
  Delete "$INSTDIR\msoko.cmd"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
