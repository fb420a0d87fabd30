@echo off
rem OpenTriage command line for Windows. Needs only a Java 17 (or newer) runtime: %JAVA_HOME%\bin\java.exe,
rem or java.exe on PATH.
rem
rem Start-up is most of a command's time, so the JVM is started for that: the client compiler only, the serial
rem collector, and a class-data archive of the command line's classes, made by one training call on first use
rem into %TRIAGE_CDS_DIR%, else %LOCALAPPDATA%\OpenTriage\cache, one archive per installation. An archive the
rem JVM cannot use is ignored; TRIAGE_CDS=off goes without one. TRIAGE_JAVA_OPTS adds JVM options.
setlocal
for %%I in ("%~dp0..") do set "TRIAGE_HOME=%%~fI"

if defined JAVA_HOME goto javaHome
set "JAVA_EXE=java.exe"
where /q java.exe
if errorlevel 1 goto noJava
goto haveJava
:javaHome
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto haveJava
echo triage: JAVA_HOME is %JAVA_HOME%, but there is no %JAVA_EXE%; set JAVA_HOME to a Java 17 or newer runtime 1>&2
exit /b 1
:noJava
echo triage: no java found: install a Java 17 or newer runtime, and put its bin directory on PATH or set JAVA_HOME 1>&2
exit /b 1

:haveJava
set "TRIAGE_CP=%TRIAGE_HOME%\lib\*"
set "TRIAGE_MAIN=org.opentriage.cli.TriageCommand"
set "TRIAGE_JVM=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
if /i "%~1"=="verify" call :verifyJvm %*

if /i "%TRIAGE_CDS%"=="off" goto noArchive
set "TRIAGE_CACHE=%TRIAGE_CDS_DIR%"
if not defined TRIAGE_CACHE set "TRIAGE_CACHE=%LOCALAPPDATA%\OpenTriage\cache"
rem One archive per installation: its path, with the characters a file name cannot hold replaced.
set "TRIAGE_KEY=%TRIAGE_HOME::=%"
set "TRIAGE_KEY=%TRIAGE_KEY:\=_%"
set "TRIAGE_KEY=%TRIAGE_KEY: =_%"
set "TRIAGE_ARCHIVE=%TRIAGE_CACHE%\triage-%TRIAGE_KEY%.jsa"
if exist "%TRIAGE_ARCHIVE%" goto withArchive
if not exist "%TRIAGE_CACHE%" mkdir "%TRIAGE_CACHE%" >NUL 2>&1
"%JAVA_EXE%" %TRIAGE_JVM% "-XX:ArchiveClassesAtExit=%TRIAGE_ARCHIVE%.tmp" -cp "%TRIAGE_CP%" %TRIAGE_MAIN% run chest-pain-adult --answers "%TRIAGE_HOME%\examples\calls\chest-pain-adult-call-911.call.yaml" >NUL 2>&1
if errorlevel 1 goto trainingFailed
move /y "%TRIAGE_ARCHIVE%.tmp" "%TRIAGE_ARCHIVE%" >NUL 2>&1
:trainingFailed
if exist "%TRIAGE_ARCHIVE%.tmp" del /q "%TRIAGE_ARCHIVE%.tmp" >NUL 2>&1
if not exist "%TRIAGE_ARCHIVE%" goto noArchive

:withArchive
"%JAVA_EXE%" %TRIAGE_JVM% "-XX:SharedArchiveFile=%TRIAGE_ARCHIVE%" %TRIAGE_JAVA_OPTS% -cp "%TRIAGE_CP%" %TRIAGE_MAIN% %*
exit /b %ERRORLEVEL%

:noArchive
"%JAVA_EXE%" %TRIAGE_JVM% %TRIAGE_JAVA_OPTS% -cp "%TRIAGE_CP%" %TRIAGE_MAIN% %*
exit /b %ERRORLEVEL%

:verifyJvm
rem A verify of the bundled library or of a directory of protocols walks for many seconds on every core, where the
rem optimising compiler and the default collector pay. Verifying protocol files is over in seconds, most of them
rem start-up, as for the other commands.
shift
set "TRIAGE_FILES="
:verifyArg
if "%~1"=="" goto verifyArgsDone
if /i "%~1"=="--grid" goto verifyValue
if /i "%~1"=="--out" goto verifyValue
if /i "%~1"=="--threads" goto verifyValue
set "TRIAGE_ARG=%~1"
if "%TRIAGE_ARG:~0,1%"=="-" goto verifyNext
if exist "%~1\*" goto verifyLong
set "TRIAGE_FILES=yes"
goto verifyNext
:verifyValue
shift
:verifyNext
shift
goto verifyArg
:verifyArgsDone
if defined TRIAGE_FILES goto :eof
:verifyLong
set "TRIAGE_JVM=-Xshare:auto"
goto :eof
