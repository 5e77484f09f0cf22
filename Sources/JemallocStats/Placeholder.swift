// JemallocStats
