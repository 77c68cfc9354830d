@echo off
echo Hello from Nano Server
